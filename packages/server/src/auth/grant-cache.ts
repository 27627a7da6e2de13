import { BoundedCache } from "../core/bounded-cache.ts";
import type { Action, Grant } from "./types.ts";

/** Default number of tokens whose grants are kept compiled. */
export const DEFAULT_GRANT_CACHE_ENTRIES = 1000;
/** Default weight (token characters + automaton states) of the grants kept compiled. */
export const DEFAULT_GRANT_CACHE_WEIGHT = 500_000;

/**
 * Grants by token, so that a token's selectors are compiled once, not on every request that presents it.
 * Looked up only after the token's signature and times were verified; bounded in entries and in token
 * characters + automaton states, least recently used dropped first.
 */
export class GrantCache {
  readonly #cache: BoundedCache<string, Grant>;

  constructor(entries = DEFAULT_GRANT_CACHE_ENTRIES, weight = DEFAULT_GRANT_CACHE_WEIGHT) {
    this.#cache = new BoundedCache({
      maxEntries: entries,
      maxWeight: weight,
      weigh: (key, grant) => key.length + grant.selectors.reduce((sum, s) => sum + s.states, 0),
    });
  }

  /** Tokens held. */
  get size(): number {
    return this.#cache.size;
  }

  /** The grant of a verified `token` for `action` (URL patterns against `baseURL`), built once by `build`. */
  get(token: string, action: Action, baseURL: string | undefined, build: () => Grant): Grant {
    const key = `${action}\n${baseURL ?? ""}\n${token}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const grant = build();
    this.#cache.set(key, grant);
    return grant;
  }
}
