/**
 * How a selector is read:
 * - `"template"`: draft-07 `topic=` and `mercure` claim selectors: `*`, else exact equality or an RFC 6570
 *   URI template match;
 * - `"exact"`: draft-08 `match=`: `*`, else exact equality;
 * - `"urlpattern"`: draft-08 `match_urlpattern=`: `*`, else a WHATWG URL Pattern without regexp groups.
 */
export type SelectorKind = "template" | "exact" | "urlpattern";

/** A compiled selector: call it with a topic to test it. */
export type TopicMatcher = ((topic: string) => boolean) & {
  /** The selector text as given. */
  readonly pattern: string;
  readonly kind: SelectorKind;
  /** True when it matches only the string `pattern` itself, so it can be indexed by map lookup. */
  readonly exact: boolean;
  /** True for `*`, which matches every topic. */
  readonly wildcard: boolean;
};
