import { BoundedCache } from "../core/bounded-cache.ts";
import type { Carrier } from "./carriers.ts";
import { Sightings } from "./sightings.ts";
import type { Grant } from "./types.ts";

/** Default number of verified tokens held. */
export const DEFAULT_VERIFIED_TOKEN_ENTRIES = 1000;
/** Default weight (token characters + automaton states) of the verified tokens held. */
export const DEFAULT_VERIFIED_TOKEN_WEIGHT = 500_000;
/** Longest a verification is trusted, even for a token that expires later (or never). */
export const DEFAULT_VERIFIED_TOKEN_MAX_AGE_MS = 60_000;

/** Bounds and clock of a {@link VerifiedTokenCache}. */
export interface VerifiedTokenBounds {
  entries?: number;
  weight?: number;
  maxAgeMs?: number;
  /** Milliseconds since the epoch; the same clock the verification uses. */
  now?: () => number;
}

/** A token's grant and what it was verified under. */
export interface Verification {
  grant: Grant;
  /** How the token came, which decides its draft and the carrier rules: it is held for that carrier only. */
  carrier: Carrier;
  /** The hub URL a draft-08 grant's URL patterns resolved against; undefined for draft-07 (none do). */
  baseURL: string | undefined;
  /** The key material it was verified with: a rotation makes every earlier verification stale. */
  keys: unknown;
}

interface Held extends Verification {
  /** Milliseconds since the epoch after which the token must be verified again. */
  validUntil: number;
}

/**
 * Grants of tokens whose signature and claims were verified for one action, so that a client presenting the
 * same token again (a publisher posting back to back) skips the signature check and the selector compilation.
 * Keyed by the token itself (no key built per request), with what else the grant depends on checked. Only
 * successes are held, from a token's second verification on ({@link VerifiedTokenCache.offer}); an entry is
 * trusted until the token's `exp` and never longer than `maxAgeMs`, and only while the keys it was verified
 * with are still the current ones. Bounded in entries and in token characters + automaton states, least recently
 * used dropped first, and then only for a token seen more often lately.
 */
export class VerifiedTokenCache {
  readonly #cache: BoundedCache<string, Held>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  // How often each token was verified or answered from here lately: who gets in when the cache is full.
  readonly #sightings = new Sightings();

  constructor(bounds: VerifiedTokenBounds = {}) {
    this.#cache = new BoundedCache({
      maxEntries: bounds.entries ?? DEFAULT_VERIFIED_TOKEN_ENTRIES,
      maxWeight: bounds.weight ?? DEFAULT_VERIFIED_TOKEN_WEIGHT,
      weigh: (token, { grant }) => token.length + grant.selectors.reduce((sum, s) => sum + s.states, 0),
    });
    this.#maxAgeMs = bounds.maxAgeMs ?? DEFAULT_VERIFIED_TOKEN_MAX_AGE_MS;
    this.#now = bounds.now ?? Date.now;
  }

  /** Tokens held. */
  get size(): number {
    return this.#cache.size;
  }

  /** Total weight held. */
  get weight(): number {
    return this.#cache.weight;
  }

  /**
   * The verification held for `token` as it came by `carrier`, unless it expired or was made with other `keys`
   * than the current ones. A draft-08 one holds its `baseURL`, for the caller to compare with the request's.
   */
  get(token: string, carrier: Carrier, keys: unknown): Verification | undefined {
    const held = this.#cache.get(token);
    if (held === undefined) return undefined;
    if (held.keys !== keys || this.#now() >= held.validUntil) {
      this.#cache.delete(token);
      return undefined;
    }
    if (held.carrier !== carrier) return undefined;
    this.#sightings.see(token);
    return held;
  }

  /**
   * Holds a token just verified from the second time it is seen on, and when the cache is full only if it was
   * seen more often lately than the least recently used token, which it then replaces. A token used once (a new
   * token per request, a crowd of one-off subscribers) thus evicts no token in use and leaves no entry to outlive
   * the young generation; and more tokens in turn than the cache holds (5,000 publishers for 1,000 entries) keep
   * the ones held instead of replacing each by the next, which would verify every one and hold none long enough
   * to be asked again.
   */
  offer(token: string, verification: Verification): void {
    const count = this.#sightings.see(token);
    if (count < 2) return;
    const held = this.#held(verification);
    if (held === undefined) return;
    if (!this.#cache.fits(token, held)) {
      const oldest = this.#cache.oldestKey();
      if (oldest !== undefined && this.#sightings.count(oldest) >= count) return;
    }
    this.#cache.set(token, held);
  }

  /** Holds a token just verified with `verification.keys` (the ones current when verification began). */
  set(token: string, verification: Verification): void {
    const held = this.#held(verification);
    if (held !== undefined) this.#cache.set(token, held);
  }

  /** The entry of a verification: trusted until the token's `exp`, at most `maxAgeMs`; none once past. */
  #held(verification: Verification): Held | undefined {
    const now = this.#now();
    const validUntil = Math.min(
      verification.grant.expiresAt ?? Number.POSITIVE_INFINITY,
      now + this.#maxAgeMs,
    );
    return validUntil > now ? { ...verification, validUntil } : undefined;
  }
}
