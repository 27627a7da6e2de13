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
  /**
   * Automaton states the selector holds (0 for exact selectors, `*`, and selectors decided by comparing
   * literal text). Matching one topic costs at most 3 × `states` × (its length + 1) automaton steps
   * (see {@link countMatchSteps}).
   */
  readonly states: number;
};

/** A compiled selector body before it becomes a {@link TopicMatcher}: its test and its automaton states. */
export interface CompiledTest {
  readonly states: number;
  readonly test: (topic: string) => boolean;
}
