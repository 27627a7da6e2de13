import type { BrokerBounds } from "./broker.ts";

/** Default number of updates kept for resume: 1000. */
export const DEFAULT_HISTORY_SIZE = 1000;
/** Default age after which an entry leaves the history: 3_600_000 ms (1 h). */
export const DEFAULT_HISTORY_MAX_AGE = 3_600_000;
/** Default bytes of held updates (`entryBytes`): 64 MiB. */
export const DEFAULT_HISTORY_MAX_BYTES = 64 * 1024 * 1024;
/** Default number of topics with retained state: 10_000. */
export const DEFAULT_MAX_RETAINED = 10_000;
/** Default number of subscription events held, apart from the updates: 1000. */
export const DEFAULT_PRESENCE_HISTORY_SIZE = 1000;

/** {@link BrokerBounds} with every default applied. */
export type ResolvedBounds = Required<BrokerBounds>;

const NUMERIC = [
  "historySize",
  "historyMaxAge",
  "historyMaxBytes",
  "maxRetained",
  "presenceHistorySize",
] as const;

/**
 * Applies the defaults; every broker calls it so that all share them.
 * @throws {RangeError} naming the bound when one is not a non-negative safe integer (Infinity would remove it).
 */
export function resolveBounds(bounds: BrokerBounds = {}): ResolvedBounds {
  for (const name of NUMERIC) {
    const value = bounds[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
    }
  }
  return {
    historySize: bounds.historySize ?? DEFAULT_HISTORY_SIZE,
    historyMaxAge: bounds.historyMaxAge ?? DEFAULT_HISTORY_MAX_AGE,
    historyMaxBytes: bounds.historyMaxBytes ?? DEFAULT_HISTORY_MAX_BYTES,
    maxRetained: bounds.maxRetained ?? DEFAULT_MAX_RETAINED,
    presenceHistorySize: bounds.presenceHistorySize ?? DEFAULT_PRESENCE_HISTORY_SIZE,
    now: bounds.now ?? Date.now,
  };
}
