import { SseError } from "../errors.ts";
import { URLPatternClass } from "./url-pattern-class.ts";

/**
 * Compiles a WHATWG URL Pattern into a test function.
 * @throws {SseError} `invalid-selector` when the pattern does not parse; `selector-regexp-group` when it
 * has custom regular-expression groups (they could backtrack catastrophically, so they are never run).
 */
export function compileUrlPattern(pattern: string): (topic: string) => boolean {
  let compiled: URLPattern;
  try {
    compiled = new URLPatternClass(pattern);
  } catch (cause) {
    throw new SseError("invalid-selector", `invalid URL pattern: ${pattern}`, { cause });
  }
  if (compiled.hasRegExpGroups) {
    throw new SseError(
      "selector-regexp-group",
      `URL pattern with regular-expression groups refused: ${pattern}`,
    );
  }
  return (topic) => {
    try {
      return compiled.test(topic);
    } catch {
      // A topic that is not a URL cannot match a URL pattern.
      return false;
    }
  };
}
