/** First reconnect delay, ms. */
export const BACKOFF_BASE = 50;
/** Longest reconnect delay, ms. */
export const BACKOFF_CAP = 2_000;

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential with full jitter, so the nodes that lost
 * Redis together do not all come back in the same instant.
 */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP, BACKOFF_BASE * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
