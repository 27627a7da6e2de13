import { SseError } from "../errors.ts";
import { URLPatternClass } from "./url-pattern-class.ts";

/** Base for relative patterns and topics when the caller gives none (Mercure resolves them against the hub). */
export const DEFAULT_BASE_URL = "https://hub.invalid/";

/** Most wildcards (`*`) in one pattern; each may span path segments, so each multiplies backtracking. */
const MAX_WILDCARDS = 2;

/**
 * URL Pattern compiles to a regular expression that backtracks. Two groups in one segment
 * (`/:a-:b`), or many wildcards, can make a crafted topic cost polynomial time with a high degree,
 * so such patterns are refused. Groups in separate segments cannot overlap and stay linear.
 */
function checkBacktracking(pattern: string): void {
  let wildcards = 0;
  let groupsInSegment = 0;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === "\\") {
      i++;
    } else if (char === "/" || char === ".") {
      groupsInSegment = 0;
    } else if (char === "*" || (char === ":" && /[\p{ID_Start}$_]/u.test(pattern[i + 1] ?? ""))) {
      if (char === "*") wildcards++;
      groupsInSegment++;
      if (groupsInSegment > 1 || wildcards > MAX_WILDCARDS) {
        throw new SseError(
          "invalid-selector",
          `URL pattern refused: at most one group per segment and ${MAX_WILDCARDS} wildcards: ${pattern}`,
        );
      }
    }
  }
}

/**
 * Compiles a WHATWG URL Pattern into a test function. A relative pattern (starting with `/`) and relative
 * topics are resolved against `baseURL`.
 * @throws {SseError} `invalid-selector` when the pattern does not parse or could backtrack badly;
 * `selector-regexp-group` when it has custom regular-expression groups (never run).
 */
export function compileUrlPattern(pattern: string, baseURL = DEFAULT_BASE_URL): (topic: string) => boolean {
  let compiled: URLPattern;
  try {
    compiled = pattern.startsWith("/") ? new URLPatternClass(pattern, baseURL) : new URLPatternClass(pattern);
  } catch (cause) {
    throw new SseError("invalid-selector", `invalid URL pattern: ${pattern}`, { cause });
  }
  if (compiled.hasRegExpGroups) {
    throw new SseError(
      "selector-regexp-group",
      `URL pattern with regular-expression groups refused: ${pattern}`,
    );
  }
  checkBacktracking(pattern);
  return (topic) => {
    try {
      return compiled.test(topic, baseURL);
    } catch {
      // A topic that is not a URL cannot match a URL pattern.
      return false;
    }
  };
}
