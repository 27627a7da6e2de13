import { fnvStep } from "../core/fnv1a.ts";

/** Default number of publishers whose rate is tracked at once. */
export const DEFAULT_RATE_KEYS = 10_000;

/** Slots a key may take: a new key replaces the fullest bucket of its set of four. */
const WAYS = 4;

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Allowed events per second per key, on average; a key may spend one second's worth (at least one) at once. */
  perSecond: number;
  /**
   * Most keys tracked (rounded up to a multiple of 4); past that a new key takes the place of a key whose bucket
   * is the fullest of the four it may replace (a full one is as good as forgotten: it starts again full).
   */
  maxKeys?: number;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/**
 * A token bucket per key (publisher): each key holds up to `max(1, perSecond)` tokens, refilled at `perSecond`;
 * an event takes one. The buckets live in fixed typed arrays, set-associative by a seeded hash of the key, so
 * that a crowd of publishers (50,000 through 10,000 slots) costs no allocation, no collection and no eviction
 * list: memory is fixed at construction, however many distinct keys arrive.
 */
export class RateLimiter {
  readonly #rate: number;
  readonly #capacity: number;
  readonly #now: () => number;
  readonly #sets: number;
  // Two independent 32-bit hashes of the key: one picks its set, the other tells it apart within the set.
  readonly #seeds = crypto.getRandomValues(new Int32Array(2));
  /** Per slot: the fingerprint of the key that holds it, 0 when free. */
  readonly #fingerprints: Int32Array;
  /** Per slot: tokens left when last counted, and when that was (ms). */
  readonly #tokens: Float64Array;
  readonly #at: Float64Array;
  #keys = 0;

  constructor(options: RateLimiterOptions) {
    this.#rate = options.perSecond / 1000;
    this.#capacity = Math.max(1, options.perSecond);
    this.#now = options.now ?? Date.now;
    this.#sets = Math.max(1, Math.ceil((options.maxKeys ?? DEFAULT_RATE_KEYS) / WAYS));
    const slots = this.#sets * WAYS;
    this.#fingerprints = new Int32Array(slots);
    this.#tokens = new Float64Array(slots);
    this.#at = new Float64Array(slots);
  }

  /** Keys tracked now. */
  get keys(): number {
    return this.#keys;
  }

  /** Takes one token for `key`: 0 when allowed, else the whole seconds to wait before one is available. */
  take(key: string): number {
    const now = this.#now();
    let set = this.#seeds[0]!;
    let fingerprint = this.#seeds[1]!;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      set = fnvStep(set, code);
      fingerprint = fnvStep(fingerprint, code);
    }
    fingerprint = mix(fingerprint) | 1;
    const first = ((mix(set) >>> 0) % this.#sets) * WAYS;
    let slot = first;
    let tokens = -1;
    for (let candidate = first; candidate < first + WAYS; candidate++) {
      const held = this.#fingerprints[candidate]!;
      if (held === fingerprint) {
        slot = candidate;
        tokens = this.#refilled(candidate, now);
        break;
      }
      // A free slot counts as the fullest bucket there is.
      const full = held === 0 ? Number.POSITIVE_INFINITY : this.#refilled(candidate, now);
      if (full > tokens) {
        slot = candidate;
        tokens = full;
      }
    }
    if (this.#fingerprints[slot] !== fingerprint) {
      if (this.#fingerprints[slot] === 0) this.#keys++;
      this.#fingerprints[slot] = fingerprint;
      tokens = this.#capacity;
    }
    this.#at[slot] = now;
    if (tokens >= 1) {
      this.#tokens[slot] = tokens - 1;
      return 0;
    }
    this.#tokens[slot] = tokens;
    return Math.max(1, Math.ceil((1 - tokens) / this.#rate / 1000));
  }

  #refilled(slot: number, now: number): number {
    return Math.min(this.#capacity, this.#tokens[slot]! + (now - this.#at[slot]!) * this.#rate);
  }
}

/** Spreads every bit of an FNV-1a state over the result (the finalizer of MurmurHash3). */
function mix(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
