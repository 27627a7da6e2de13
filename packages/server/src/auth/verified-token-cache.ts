import { BoundedCache } from "../core/bounded-cache.ts";
import type { Carrier } from "./carriers.ts";
import type { Grant } from "./types.ts";

/** Default number of verified tokens held. */
export const DEFAULT_VERIFIED_TOKEN_ENTRIES = 1000;
/** Default weight (token characters + automaton states) of the verified tokens held. */
export const DEFAULT_VERIFIED_TOKEN_WEIGHT = 500_000;
/** Longest a verification is trusted, even for a token that expires later (or never). */
export const DEFAULT_VERIFIED_TOKEN_MAX_AGE_MS = 60_000;
/** Slots of the filter that remembers tokens seen once (see {@link VerifiedTokenCache.offer}). */
const SEEN_SLOTS = 4096;

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
 * used dropped first.
 */
export class VerifiedTokenCache {
  readonly #cache: BoundedCache<string, Held>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  // A fingerprint of each token offered once, by slot: a later offer that finds it there is a second sighting.
  readonly #seen = new Int32Array(SEEN_SLOTS);

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
    return held.carrier === carrier ? held : undefined;
  }

  /**
   * Holds the grant of a token just verified, from the second time it is offered on: a token used once (a new
   * token per request, a crowd of one-off subscribers) then evicts no token in use and leaves no entry to
   * outlive the young generation (a new token per publish cost ~5 µs more per publish on Node when each was
   * held). A token offered again after another took its slot in the filter waits one more verification.
   */
  offer(token: string, verification: Verification): void {
    // FNV-1a over the token's last characters: its signature, which its issuer's key makes unpredictable.
    let hash = 0x811c9dc5;
    for (let i = Math.max(0, token.length - 16); i < token.length; i++) {
      hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
    }
    const slot = hash & (SEEN_SLOTS - 1);
    if (this.#seen[slot] === hash) this.set(token, verification);
    else this.#seen[slot] = hash;
  }

  /** Holds a token just verified with `verification.keys` (the ones current when verification began). */
  set(token: string, verification: Verification): void {
    const { grant } = verification;
    const validUntil = Math.min(grant.expiresAt ?? Number.POSITIVE_INFINITY, this.#now() + this.#maxAgeMs);
    if (validUntil > this.#now()) this.#cache.set(token, { ...verification, validUntil });
  }
}
