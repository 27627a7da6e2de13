import { afterEach, describe, expect, it } from "vitest";
import type { BrokerBounds, BrokerEntry } from "../src/core/broker.ts";
import { createRedisBroker } from "../src/redis/index.ts";
import { describeBrokerContract } from "./helpers/broker-contract.ts";
import { update, withRedis } from "./helpers/redis-broker.ts";
import { type RedisProcess, redisSkip, startRedis } from "./helpers/redis-server.ts";
import { waitFor } from "./helpers/runtime.ts";

const skip = redisSkip !== false;

// The contract on a fresh redis-server per test; `reopen` restarts that server (append-only file, fsync on
// every write) and opens a new broker on it, as a redeployed hub would.
const DURABLE = ["--appendonly", "yes", "--appendfsync", "always"];
const servers: RedisProcess[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});
async function openOn(server: RedisProcess, bounds: BrokerBounds) {
  return await createRedisBroker({ url: server.url, block: 500, commandTimeout: 2000, ...bounds });
}
if (!skip) {
  describeBrokerContract(
    "redis",
    async (bounds) => {
      const server = await startRedis({ extra: DURABLE });
      servers.push(server);
      return await openOn(server, bounds);
    },
    {
      reopen: async (bounds) => {
        const last = servers.at(-1)!;
        await last.kill();
        const again = await startRedis({ port: last.port, dir: last.dir, extra: DURABLE });
        servers.push(again);
        return await openOn(again, bounds);
      },
    },
  );
}

describe("Redis broker", () => {
  it.skipIf(skip)("gives updates from two nodes one order, announced to every node in it", async () => {
    await withRedis(async (_redis, open) => {
      const [a, b] = [await open(), await open()];
      const seen: [BrokerEntry[], BrokerEntry[]] = [[], []];
      a.listen((entry) => seen[0].push(entry));
      b.listen((entry) => seen[1].push(entry));
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).publish(update("/t", String(i)))),
      );
      await waitFor(() => seen[0].length === 40 && seen[1].length === 40, "40 announcements on both nodes");
      const order = results.map((r) => r.entry.seq).sort((x, y) => x - y);
      expect(seen[0].map((e) => e.seq)).toEqual(order);
      expect(seen[1].map((e) => e.update.id)).toEqual(seen[0].map((e) => e.update.id));
      expect(new Set(order).size).toBe(40);
    });
  });

  it.skipIf(skip)(
    "answers an identical repeat as a duplicate; a different update under the id is stored",
    async () => {
      await withRedis(async (_redis, open) => {
        const [a, b] = [await open(), await open()];
        const original = update("/t", "one", { id: "same" });
        const stored = await a.publish(original);
        const repeat = await b.publish({ ...original, topics: [...original.topics] });
        expect(repeat).toMatchObject({ duplicate: true, entry: { seq: stored.entry.seq } });
        const changed = await b.publish({ ...original, data: "two" });
        expect(changed.duplicate).toBe(false);
        const again = await a.publish({ ...original, data: "two" });
        expect(again).toMatchObject({ duplicate: true, entry: { seq: changed.entry.seq } });
        await a.publish(update("/t", "three"));
        const read = await a.readSince("same");
        expect(read.entries.map((e) => e.update.data)).toEqual(["two", "three"]);
      });
    },
  );
});
