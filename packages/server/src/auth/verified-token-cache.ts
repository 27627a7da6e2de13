import { BoundedCache } from "../core/bounded-cache.ts";
import type { Carrier } from "./carriers.ts";
import type { Action, Grant } from "./types.ts";

/** Default number of verified tokens held. */
export const DEFAULT_VERIFIED_TOKEN_ENTRIES = 1000;
/** Default weight (key characters + automaton states) of the verified tokens held. */
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

interface Verified {
  grant: Grant;
  /** Milliseconds since the epoch after which the token must be verified again. */
  validUntil: number;
  /** The key material it was verified with: a rotation makes every earlier verification stale. */
  keys: unknown;
}

/**
 * Grants of tokens whose signature and claims were verified, so that a client presenting the same token
 * again (a publisher posting back to back) skips the signature check and the selector compilation. Only
 * successes are held, from a token's second verification on ({@link VerifiedTokenCache.offer}); an entry is
 * trusted until the token's `exp` and never longer than `maxAgeMs`, and only while the keys it was verified
 * with are still the current ones. Bounded in entries and in key characters + automaton states, least recently
 * used dropped first.
 */
export class VerifiedTokenCache {
  readonly #cache: BoundedCache<string, Verified>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  // A fingerprint of each token offered once, by slot: a later offer that finds it there is a second sighting.
  readonly #seen = new Int32Array(SEEN_SLOTS);

  constructor(bounds: VerifiedTokenBounds = {}) {
    this.#cache = new BoundedCache({
      maxEntries: bounds.entries ?? DEFAULT_VERIFIED_TOKEN_ENTRIES,
      maxWeight: bounds.weight ?? DEFAULT_VERIFIED_TOKEN_WEIGHT,
      weigh: (key, { grant }) => key.length + grant.selectors.reduce((sum, s) => sum + s.states, 0),
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

  /** The grant held under `key`, unless it expired or was verified with other `keys` than the current ones. */
  get(key: string, keys: unknown): Grant | undefined {
    const verified = this.#cache.get(key);
    if (verified === undefined) return undefined;
    if (verified.keys !== keys || this.#now() >= verified.validUntil) {
      this.#cache.delete(key);
      return undefined;
    }
    return verified.grant;
  }

  /**
   * Holds the grant of a token just verified, from the second time it is offered on: a token used once (a new
   * token per request, a crowd of one-off subscribers) then evicts no token in use and leaves no entry to
   * outlive the young generation (a new token per publish cost ~5 µs more per publish on Node when each was
   * held). A token offered again after another took its slot in the filter waits one more verification.
   */
  offer(key: string, grant: Grant, keys: unknown): void {
    // FNV-1a over the key's last characters: the token's signature, which its issuer's key makes unpredictable.
    let hash = 0x811c9dc5;
    for (let i = Math.max(0, key.length - 16); i < key.length; i++) {
      hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    }
    const slot = hash & (SEEN_SLOTS - 1);
    if (this.#seen[slot] === hash) this.set(key, grant, keys);
    else this.#seen[slot] = hash;
  }

  /** Holds the grant of a token just verified with `keys` (the ones current when verification began). */
  set(key: string, grant: Grant, keys: unknown): void {
    const validUntil = Math.min(grant.expiresAt ?? Number.POSITIVE_INFINITY, this.#now() + this.#maxAgeMs);
    if (validUntil > this.#now()) this.#cache.set(key, { grant, validUntil, keys });
  }
}

/**
 * What a verification depends on besides the keys: the token, the action it is checked for, how it came
 * (which decides the draft and the carrier rules) and the base URL its URL patterns were compiled against.
 */
export function verifiedTokenKey(token: string, action: Action, carrier: Carrier, baseURL?: string): string {
  return `${action}\n${carrier}\n${baseURL ?? ""}\n${token}`;
}
