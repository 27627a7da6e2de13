import { SseError } from "../errors.ts";
import type { SelectorKind, TopicMatcher } from "./types.ts";
import { compileUriTemplate } from "./uri-template.ts";
import { compileUrlPattern } from "./url-pattern.ts";

/** Longest selector accepted, in UTF-16 code units. */
export const MAX_SELECTOR_LENGTH = 4096;

function matcher(
  test: (topic: string) => boolean,
  pattern: string,
  kind: SelectorKind,
  exact: boolean,
  wildcard: boolean,
): TopicMatcher {
  return Object.assign((topic: string) => test(topic), { pattern, kind, exact, wildcard });
}

/** Options of {@link compileSelector}. */
export interface SelectorOptions {
  /** Base URL for relative URL patterns and relative topics (the hub's URL). Default `https://hub.invalid/`. */
  baseURL?: string;
}

/**
 * Compiles a Mercure topic selector into a matcher. `*` matches every topic whatever the kind.
 * @param kind how to read `pattern` (default `"template"`, see {@link SelectorKind}).
 * @throws {SseError} `selector-too-long` beyond {@link MAX_SELECTOR_LENGTH} characters; `invalid-selector`
 * for a malformed or too complex template or URL pattern, or an unknown kind; `selector-regexp-group` for a URL pattern
 * with regular-expression groups.
 */
export function compileSelector(
  pattern: string,
  kind: SelectorKind = "template",
  options: SelectorOptions = {},
): TopicMatcher {
  if (typeof pattern !== "string") throw new SseError("invalid-selector", "selector must be a string");
  if (pattern.length > MAX_SELECTOR_LENGTH) {
    throw new SseError(
      "selector-too-long",
      `selector is ${pattern.length} characters long; the limit is ${MAX_SELECTOR_LENGTH}`,
    );
  }
  if (pattern === "*") return matcher(() => true, pattern, kind, false, true);
  const equal = (topic: string): boolean => topic === pattern;
  switch (kind) {
    case "exact":
      return matcher(equal, pattern, kind, true, false);
    case "template": {
      if (!pattern.includes("{")) return matcher(equal, pattern, kind, true, false);
      const template = compileUriTemplate(pattern);
      return matcher((topic) => topic === pattern || template(topic), pattern, kind, false, false);
    }
    case "urlpattern":
      return matcher(compileUrlPattern(pattern, options.baseURL), pattern, kind, false, false);
    default:
      throw new SseError("invalid-selector", `unknown selector kind: ${String(kind)}`);
  }
}
