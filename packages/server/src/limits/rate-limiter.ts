import { BoundedCache } from "../core/bounded-cache.ts";

/** Default number of publishers whose rate is tracked at once. */
export const DEFAULT_RATE_KEYS = 10_000;

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in ms. */
  at: number;
}

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Allowed events per second per key, on average; a key may spend one second's worth (at least one) at once. */
  perSecond: number;
  /** Most keys tracked; the least recently seen is forgotten first (it starts again with a full bucket). */
  maxKeys?: number;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/**
 * A token bucket per key (publisher): each key holds up to `max(1, perSecond)` tokens, refilled at `perSecond`;
 * an event takes one. Memory is bounded by `maxKeys`, however many distinct keys arrive.
 */
export class RateLimiter {
  readonly #rate: number;
  readonly #capacity: number;
  readonly #now: () => number;
  readonly #buckets: BoundedCache<string, Bucket>;

  constructor(options: RateLimiterOptions) {
    this.#rate = options.perSecond / 1000;
    this.#capacity = Math.max(1, options.perSecond);
    this.#now = options.now ?? Date.now;
    const maxKeys = options.maxKeys ?? DEFAULT_RATE_KEYS;
    this.#buckets = new BoundedCache({ maxEntries: maxKeys, maxWeight: maxKeys, weigh: () => 1 });
  }

  /** Keys tracked now. */
  get keys(): number {
    return this.#buckets.size;
  }

  /** Takes one token for `key`: 0 when allowed, else the whole seconds to wait before one is available. */
  take(key: string): number {
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.#capacity, at: now };
      this.#buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.#capacity, bucket.tokens + (now - bucket.at) * this.#rate);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.#rate / 1000));
  }
}
