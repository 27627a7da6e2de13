import { publicUrlProblem } from "../hub-url.ts";
import type { HubOptions } from "../types.ts";

// Bounds must stay bounds: a history, queue or body limit of Infinity or NaN would remove the limit.
const LIMITS = [
  "historySize",
  "historyMaxAge",
  "historyMaxBytes",
  "maxRetained",
  "heartbeat",
  "maxQueue",
  "maxBodySize",
  "maxConnections",
  "maxConnectionsPerIp",
  "trustProxy",
] as const;

/**
 * @throws {RangeError} naming the option when a size, duration or count is not a finite, non-negative
 * integer, the publish rate not a finite, non-negative number, or the public URL not an http(s) origin.
 */
export function checkHubOptions(options: HubOptions): void {
  for (const name of LIMITS) {
    const value = options[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
    }
  }
  const { publishRate, publicUrl } = options;
  if (publishRate !== undefined && !(Number.isFinite(publishRate) && publishRate >= 0)) {
    throw new RangeError(`publishRate must be a finite, non-negative number, got ${String(publishRate)}`);
  }
  const problem = publicUrl === undefined ? undefined : publicUrlProblem(publicUrl);
  if (problem !== undefined) throw new RangeError(`publicUrl: ${problem}`);
}
