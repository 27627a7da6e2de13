import assert from "node:assert/strict";
import { test } from "node:test";
import type { HubStats } from "@ssehub/server";
import { createRecentUpdates } from "../src/server/recent-updates.ts";
import { startStatsFeed } from "../src/server/stats-feed.ts";
import type { StatsPayload } from "../src/shared/feed.ts";

const figures = (updatesPublished: number, deliveries: number): HubStats => ({
  connections: 2,
  subscriptions: 4,
  subscriptionsByTopic: { "urn:ssehub:counter": 2, "urn:ssehub:stats": 2 },
  queuedBytes: 0,
  updatesPublished,
  deliveries,
  slowConsumerDisconnects: 1,
  historySize: 7,
  retainedTopics: 2,
});

test("publishes the hub's figures with per-second rates, retained, on the stats topic", async () => {
  // Each reading (the feed asks the clock first, then the hub) is later, with more updates and deliveries.
  const samples = [figures(0, 0), figures(10, 20), figures(30, 80)];
  const clock = [0, 1000, 3000];
  let reading = -1;
  const published: StatsPayload[] = [];
  let stop: () => void = () => undefined;
  await new Promise<void>((done) => {
    stop = startStatsFeed({
      now: () => clock[Math.min(++reading, 2)]!,
      stats: () => samples[Math.min(reading, 2)]!,
      intervalMs: 1,
      recent: createRecentUpdates({ limit: 5, ignoreTopic: "urn:ssehub:stats" }),
      async publish(update) {
        assert.equal(update.topics, "urn:ssehub:stats");
        assert.equal(update.type, "stats");
        assert.equal(update.retain, true);
        published.push(JSON.parse(update.data));
        if (published.length === 2) done();
        return "id";
      },
    });
  });
  stop();
  assert.deepEqual(
    published.map(({ updatesPerSecond, deliveriesPerSecond }) => [updatesPerSecond, deliveriesPerSecond]),
    [
      [10, 20],
      [10, 30],
    ],
  );
  assert.equal(published[0]?.connections, 2);
  assert.equal(published[0]?.slowConsumerDisconnects, 1);
  assert.deepEqual(published[0]?.recent, []);
});
