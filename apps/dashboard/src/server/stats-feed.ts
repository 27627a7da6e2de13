import type { HubStats } from "@ssehub/server";
import { STATS_TOPIC, STATS_TYPE, type StatsPayload } from "../shared/feed.ts";
import type { RecentUpdates } from "./recent-updates.ts";

export interface StatsFeedOptions {
  stats(): HubStats;
  publish(update: { topics: string; data: string; type: string; retain: boolean }): Promise<string>;
  recent: RecentUpdates;
  /** Milliseconds between two stats updates; default 1000. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * Publishes the hub's figures on the stats topic every interval, with updates/s and deliveries/s computed from
 * the change since the previous tick. Retained, so a new tab shows figures at once. Returns a stop function.
 */
export function startStatsFeed(options: StatsFeedOptions): () => void {
  const { intervalMs = 1000, now = Date.now } = options;
  let previous = { at: now(), ...options.stats() };

  const tick = (): void => {
    const at = now();
    const current = options.stats();
    const seconds = Math.max((at - previous.at) / 1000, 0.001);
    const payload: StatsPayload = {
      at,
      ...current,
      updatesPerSecond: round((current.updatesPublished - previous.updatesPublished) / seconds),
      deliveriesPerSecond: round((current.deliveries - previous.deliveries) / seconds),
      recent: options.recent.list(),
    };
    previous = { at, ...current };
    options
      .publish({ topics: STATS_TOPIC, type: STATS_TYPE, data: JSON.stringify(payload), retain: true })
      // A failed tick (the hub closing) is simply skipped; the next one tries again.
      .catch(() => undefined);
  };

  const timer = setInterval(tick, intervalMs);
  return () => clearInterval(timer);
}

function round(perSecond: number): number {
  return Math.round(perSecond * 10) / 10;
}
