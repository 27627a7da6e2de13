import {
  compileSelector,
  type SelectorBudget,
  type SelectorKind,
  SseError,
  type TopicMatcher,
} from "@ssehub/protocol";
import { BoundedCache } from "./bounded-cache.ts";

/** Default number of compiled selectors the hub keeps for reuse. */
export const DEFAULT_MATCHER_CACHE_ENTRIES = 1000;
/** Default weight (automaton states + selector characters) of the compiled selectors kept for reuse. */
export const DEFAULT_MATCHER_CACHE_WEIGHT = 200_000;

/**
 * Compiled selectors shared by their text (kind, base URL for URL patterns, pattern): a thousand subscribers
 * with the same selector hold one automaton. Bounded in entries and in states + characters, least recently
 * used dropped first; a dropped matcher lives on in the subscribers holding it and is compiled anew for the next.
 */
export class MatcherCache {
  readonly #cache: BoundedCache<string, TopicMatcher>;
  /** Pattern selectors (templates, URL patterns) compiled since the hub started: the cache's misses. */
  compilations = 0;

  constructor(entries = DEFAULT_MATCHER_CACHE_ENTRIES, weight = DEFAULT_MATCHER_CACHE_WEIGHT) {
    this.#cache = new BoundedCache({
      maxEntries: entries,
      maxWeight: weight,
      weigh: (key, matcher) => key.length + matcher.states,
    });
  }

  /** Compiled selectors held. */
  get size(): number {
    return this.#cache.size;
  }

  /**
   * The matcher of a selector, compiled or reused; `budget` is charged the same either way, so a request's
   * cost does not depend on what others subscribed before it.
   * @throws {SseError} as `compileSelector` does, `selector-budget` included.
   */
  get(pattern: string, kind: SelectorKind, baseURL: string, budget: SelectorBudget): TopicMatcher {
    const key = `${kind}\n${kind === "urlpattern" ? baseURL : ""}\n${pattern}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) {
      charge(budget, pattern, cached.states);
      return cached;
    }
    const matcher = compileSelector(pattern, kind, { baseURL, budget });
    // Exact and `*` selectors are their text: nothing worth sharing.
    if (!matcher.exact && !matcher.wildcard) {
      this.compilations++;
      this.#cache.set(key, matcher);
    }
    return matcher;
  }
}

function charge(budget: SelectorBudget, pattern: string, states: number): void {
  if (budget.chars < pattern.length || budget.states < states) {
    throw new SseError("selector-budget", `the selector passes the remaining budget: ${pattern}`);
  }
  budget.chars -= pattern.length;
  budget.states -= states;
}
