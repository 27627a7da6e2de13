import type { HubOptions } from "../types.ts";

// Bounds must stay bounds: a history, queue or body limit of Infinity or NaN would remove the limit.
const LIMITS = [
  "historySize",
  "historyMaxAge",
  "heartbeat",
  "maxQueue",
  "maxBodySize",
  "maxConnections",
] as const;

/** @throws {RangeError} naming the option when a size or duration is not a finite, non-negative integer. */
export function checkHubOptions(options: HubOptions): void {
  for (const name of LIMITS) {
    const value = options[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
    }
  }
}
