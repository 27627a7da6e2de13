import { type Accessor, createEffect, createSignal, on } from "solid-js";
import type { StatsPayload } from "../shared/feed.ts";

/** uPlot's column data: seconds since the epoch, updates/s, deliveries/s. */
export type RateSeries = [x: number[], updates: number[], deliveries: number[]];

/**
 * The last `limit` rate samples (default 60: one minute at one stats update a second), as chart columns.
 * A sample that repeats the previous one's time (the retained stats update after a reconnect) is skipped.
 */
export function createRateHistory(
  stats: Accessor<StatsPayload | undefined>,
  limit = 60,
): Accessor<RateSeries> {
  const [series, setSeries] = createSignal<RateSeries>([[], [], []]);
  createEffect(
    on(stats, (sample) => {
      if (sample === undefined) return;
      setSeries(([times, updates, deliveries]) => {
        const at = sample.at / 1000;
        if (times.length > 0 && at <= times[times.length - 1]!) return [times, updates, deliveries];
        const start = Math.max(0, times.length + 1 - limit);
        return [
          [...times.slice(start), at],
          [...updates.slice(start), sample.updatesPerSecond],
          [...deliveries.slice(start), sample.deliveriesPerSecond],
        ];
      });
    }),
  );
  return series;
}
