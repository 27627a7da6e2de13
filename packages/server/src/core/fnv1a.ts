// FNV-1a (32-bit), a UTF-16 unit at a time: the step is all callers share, so that one keeping two states (two
// independent hashes of one key, from two seeds) steps them together in one pass.

/** FNV-1a's offset basis: the state before the first unit. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;

/** The state after taking in `unit`. */
export function fnvStep(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, 0x01000193);
}
