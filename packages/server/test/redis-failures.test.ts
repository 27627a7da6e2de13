import { describe, expect, it } from "vitest";
import { createRedisBroker } from "../src/redis/index.ts";
import { update, withRedis } from "./helpers/redis-broker.ts";
import { redisSkip, startRedis } from "./helpers/redis-server.ts";
import { waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, postForm } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const skip = redisSkip !== false;

/** Publishes `count` updates through `broker`, returning their ids. */
async function publishMany(
  broker: { publish: (u: ReturnType<typeof update>) => Promise<unknown> },
  count: number,
) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const u = update("/t", String(i));
    await broker.publish(u);
    ids.push(u.id);
  }
  return ids;
}

describe("Redis broker under failures", () => {
  it.skipIf(skip)(
    "no publish that got a 200 is lost across a restart of a Redis with appendfsync always",
    async () => {
      const durable = ["--appendonly", "yes", "--appendfsync", "always"];
      let redis = await startRedis({ extra: durable });
      const { port, dir } = redis;
      const broker = await createRedisBroker({ url: redis.url, block: 500, commandTimeout: 1000 });
      try {
        await withHub({ jwtKey: KEY, allowAnonymous: true, broker }, async ({ endpoint }) => {
          const headers = bearer(await token07({ publish: ["*"] }));
          const live = await openStream(`${endpoint}?topic=/t`);
          await live.waitForEvent("ssehub-ready");
          const acknowledged: string[] = [];
          let refused = 0;
          const publishing = (async () => {
            for (let i = 0; i < 1000 && acknowledged.length < 200; i++) {
              const answer = await postForm(
                endpoint,
                [
                  ["topic", "/t"],
                  ["data", String(i)],
                ],
                headers,
              );
              if (answer.status === 200) acknowledged.push(answer.body);
              else {
                expect(answer.status).toBe(503);
                refused++;
                // Paces the retries while Redis restarts (Retry-After would ask for a whole second).
                await new Promise((resolve) => setTimeout(resolve, 20));
              }
            }
          })();
          await waitFor(() => acknowledged.length >= 50, "50 acknowledged publishes");
          await redis.kill();
          redis = await startRedis({ port, dir, extra: durable });
          await publishing;
          expect(acknowledged.length).toBe(200);
          expect(refused).toBeGreaterThan(0);
          const replay = await openStream(`${endpoint}?topic=/t`, {
            headers: { "last-event-id": "earliest" },
          });
          await replay.waitForEvent("ssehub-ready");
          const held = replay.updates().map((event) => event.lastEventId);
          expect(held.filter((id) => acknowledged.includes(id))).toEqual(acknowledged);
          await live.waitForUpdates(acknowledged.length, 10_000);
          const delivered = live.updates().map((event) => event.lastEventId);
          expect(delivered.filter((id) => acknowledged.includes(id))).toEqual(acknowledged);
          await Promise.all([live.close(), replay.close()]);
        });
      } finally {
        await broker.close();
        await redis.stop();
      }
    },
    30_000,
  );
  it.skipIf(skip)(
    "after Redis comes back empty, old positions are gaps and new seqs pass every old one",
    async () => {
      await withRedis(async (redis, open) => {
        const broker = await open();
        const other = await open();
        const seen: number[] = [];
        other.listen((entry) => seen.push(entry.seq));
        const old = await publishMany(broker, 3);
        const { position, head } = await broker.readSince("earliest");
        await waitFor(() => seen.length === 3, "3 announcements");
        await redis.kill();
        const fresh = await startRedis({ port: redis.port });
        try {
          await waitFor(() => broker.ready() && other.ready(), "both nodes back on the empty Redis", 10_000);
          const next = await broker.publish(update("/t", "new"));
          expect(next.entry.seq).toBeGreaterThan(head);
          expect((await broker.readSince(position)).found).toBe(false);
          expect((await broker.readSince(old[0]!)).found).toBe(false);
          const now = await other.readSince("earliest");
          expect(now.position.split(".")[0]).not.toBe(position.split(".")[0]);
          await waitFor(() => seen.length === 4, "the new update announced on the other node");
          expect(seen[3]).toBe(next.entry.seq);
        } finally {
          await fresh.stop();
        }
      });
    },
    30_000,
  );
});
