/** Reconnect delay settings, all in milliseconds. */
export interface BackoffOptions {
  /** Shortest delay and the base of the exponential growth. Default 500 ms. */
  min?: number;
  /** Longest delay (Retry-After may ask for more and is honoured). Default 30000 ms. */
  max?: number;
  /** Growth per failed attempt. Default 2. */
  factor?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { min: 500, max: 30_000, factor: 2 };

/**
 * Delay before reconnect number `attempt` (0 for the first after a healthy connection), full jitter:
 * `floor + random × min(max, floor × factor^attempt)`, capped at `max`, where `floor` is the larger of
 * `min` and the hub's last `retry:` (a hub that asks for a longer pause gets it). Jitter spreads the
 * reconnects of many clients after a hub restart.
 */
export function backoffDelay(
  attempt: number,
  options: Required<BackoffOptions>,
  serverRetry: number | undefined,
  random: () => number,
): number {
  const { min, max, factor } = options;
  const floor = Math.min(max, Math.max(min, serverRetry ?? 0));
  return Math.min(max, Math.round(floor + random() * Math.min(max, floor * factor ** Math.min(attempt, 64))));
}

/**
 * Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or undefined.
 * `now` is the current time in ms since the epoch.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value?.trim()) return undefined;
  const seconds = Number(value);
  if (seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return date >= 0 ? Math.max(0, date - now) : undefined;
}
