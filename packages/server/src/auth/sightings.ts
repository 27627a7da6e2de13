import { FNV_OFFSET_BASIS, fnvStep } from "../core/fnv1a.ts";

/** Slots of the table (a power of two). */
const SLOTS = 4096;
/** Highest count a slot holds. */
const MAX_COUNT = 15;
/** Sightings between two halvings of every count: a count says how often a token was seen lately. */
const AGING_PERIOD = SLOTS * 8;

/**
 * How often each token was seen lately, in a table of fixed size: per slot, a fingerprint of the token that
 * holds it and a small count. A token whose slot another took starts again from 1, as a new one does, so the
 * table costs the same whatever the number of tokens. The fingerprint is FNV-1a over the token's last
 * characters: a signature, which its issuer's key makes unpredictable, so no client can choose its slot.
 */
export class Sightings {
  readonly #fingerprints = new Int32Array(SLOTS);
  readonly #counts = new Uint8Array(SLOTS);
  #untilAging = AGING_PERIOD;

  /** Counts one sighting of `token`; gives its count, this one included. */
  see(token: string): number {
    if (--this.#untilAging === 0) this.#age();
    const hash = fingerprint(token);
    const slot = hash & (SLOTS - 1);
    if (this.#fingerprints[slot] !== hash) {
      this.#fingerprints[slot] = hash;
      this.#counts[slot] = 1;
      return 1;
    }
    const count = Math.min(this.#counts[slot]! + 1, MAX_COUNT);
    this.#counts[slot] = count;
    return count;
  }

  /** The count of `token`, without counting a sighting: 0 when its slot holds another token. */
  count(token: string): number {
    const hash = fingerprint(token);
    const slot = hash & (SLOTS - 1);
    return this.#fingerprints[slot] === hash ? this.#counts[slot]! : 0;
  }

  #age(): void {
    this.#untilAging = AGING_PERIOD;
    for (let slot = 0; slot < SLOTS; slot++) this.#counts[slot]! >>= 1;
  }
}

function fingerprint(token: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (let i = Math.max(0, token.length - 16); i < token.length; i++)
    hash = fnvStep(hash, token.charCodeAt(i));
  return hash;
}
