import type { HubStats } from "@ssehub/server";
import { expect, it } from "vitest";
import { createRecentUpdates } from "../src/server/recent-updates.ts";
import { type StatsFeedOptions, startStatsFeed } from "../src/server/stats-feed.ts";
import type { StatsPayload } from "../src/shared/feed.ts";
import { waitFor } from "./support/wait-for.ts";

type Update = Parameters<StatsFeedOptions["publish"]>[0];

const figures = (updatesPublished: number, deliveries: number): HubStats => ({
  connections: 2,
  subscriptions: 4,
  subscriptionsByTopic: { "urn:ssehub:counter": 2, "urn:ssehub:stats": 2 },
  queuedBytes: 0,
  writtenBytes: 0,
  connectionsByDraft: { 7: 2, 8: 0 },
  updatesPublished,
  deliveries,
  slowConsumerDisconnects: 1,
  historySize: 7,
  historyBytes: 700,
  retainedTopics: 2,
  cachedSelectors: 0,
  selectorCompilations: 0,
});

it("publishes the hub's figures with per-second rates, retained, on the stats topic", async () => {
  // Each reading (the feed asks the clock first, then the hub) is later, with more updates and deliveries.
  const samples = [figures(0, 0), figures(10, 20), figures(30, 80)];
  const clock = [0, 1000, 3000];
  let reading = -1;
  // Collected, then checked outside the callback: the feed swallows what `publish` throws, so an
  // assertion failing in there would leave the test waiting instead of failing.
  const updates: Update[] = [];
  const stop = startStatsFeed({
    now: () => clock[Math.min(++reading, 2)]!,
    stats: () => samples[Math.min(reading, 2)]!,
    intervalMs: 1,
    recent: createRecentUpdates({ limit: 5, ignoreTopic: "urn:ssehub:stats" }),
    async publish(update) {
      updates.push(update);
      return "id";
    },
  });
  try {
    await waitFor("two stats updates", () => updates.length >= 2, 5_000);
  } finally {
    stop();
  }
  for (const update of updates.slice(0, 2)) {
    expect(update.topics).toBe("urn:ssehub:stats");
    expect(update.type).toBe("stats");
    expect(update.retain).toBe(true);
  }
  const published: StatsPayload[] = updates.slice(0, 2).map((update) => JSON.parse(update.data));
  expect(
    published.map(({ updatesPerSecond, deliveriesPerSecond }) => [updatesPerSecond, deliveriesPerSecond]),
  ).toStrictEqual([
    [10, 20],
    [10, 30],
  ]);
  expect(published[0]?.connections).toBe(2);
  expect(published[0]?.slowConsumerDisconnects).toBe(1);
  expect(published[0]?.recent).toStrictEqual([]);
});
