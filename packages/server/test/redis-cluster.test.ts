// The client from its sources: it depends on this package for its own tests, so it cannot be a dependency here.

import { describe, expect, it } from "vitest";
import { subscribe } from "../../client/src/index.ts";
import { cliSkip } from "./fixtures/cli-process.ts";
import { type HubNode, startNode } from "./helpers/hub-node.ts";
import { redisSkip, startRedis } from "./helpers/redis-server.ts";
import { waitFor } from "./helpers/runtime.ts";
import { openStream, postForm, type Stream } from "./helpers/sse.ts";
import { startTcpProxy } from "./helpers/tcp-proxy.ts";
import { bearer, token07 } from "./helpers/tokens.ts";

const skip = redisSkip || cliSkip;
const publisher = () => token07({ publish: ["*"] });

/** Runs `body` with a redis-server and `count` hub processes on it; everything is killed afterwards. */
async function withCluster(count: number, body: (nodes: HubNode[]) => Promise<void>): Promise<void> {
  const redis = await startRedis();
  const nodes: HubNode[] = [];
  try {
    for (let i = 0; i < count; i++) nodes.push(await startNode(redis.url, "cluster"));
    await body(nodes);
  } finally {
    for (const node of nodes) node.cli.stop();
    await Promise.all(nodes.map((node) => node.cli.exited));
    await redis.stop();
  }
}

/** Opens a subscriber stream and waits for its ready marker (everything after it is live). */
async function subscribeReady(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  const stream = await openStream(url, { headers });
  expect(stream.response.status).toBe(200);
  await stream.waitForEvent("ssehub-ready");
  return stream;
}

describe.skipIf(skip)("hub processes on one Redis", () => {
  it("every subscriber gets every update it matches exactly once, in one global order on every node", async () => {
    await withCluster(3, async (nodes) => {
      const selectors = ["topic=/a", "topic=/b", "topic=/a&topic=/b"];
      const streams: { stream: Stream; selector: string }[] = [];
      for (const [n, node] of nodes.entries()) {
        for (const selector of selectors) {
          streams.push({
            stream: await subscribeReady(`${node.endpoint}?${selector}`),
            selector: `${n}:${selector}`,
          });
        }
      }
      const token = await publisher();
      const published = await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const node = nodes[Math.floor(Math.random() * nodes.length)]!;
          const topic = i % 3 === 0 ? "/b" : "/a";
          const answer = await postForm(
            node.endpoint,
            [
              ["topic", topic],
              ["data", String(i)],
            ],
            bearer(token),
          );
          expect(answer.status).toBe(200);
          return { id: answer.body, topic };
        }),
      );
      const expected = (selector: string) =>
        published.filter(({ topic }) => selector.includes(`topic=${topic}`)).map(({ id }) => id);
      for (const { stream, selector } of streams) {
        await stream.waitForUpdates(expected(selector).length, 10_000);
      }
      const both = streams.filter(({ selector }) => selector.endsWith("&topic=/b"));
      const order = both[0]!.stream.updates().map((event) => event.lastEventId);
      expect([...order].sort()).toEqual(published.map(({ id }) => id).sort());
      for (const { stream, selector } of streams) {
        const ids = stream.updates().map((event) => event.lastEventId);
        // Exactly the matching updates, once each, in the global order.
        expect(ids, selector).toEqual(order.filter((id) => expected(selector).includes(id)));
      }
      await Promise.all(streams.map(({ stream }) => stream.close()));
    });
  }, 60_000);

  it("idempotent publish, retained state, earliest and ready positions work across nodes", async () => {
    await withCluster(2, async ([one, two]) => {
      const token = await publisher();
      const live = await subscribeReady(`${one!.endpoint}?topic=/r`);
      const form = (data: string): [string, string][] => [
        ["topic", "/r"],
        ["data", data],
        ["id", "fixed"],
        ["retain", "on"],
      ];
      const first = await postForm(one!.endpoint, form("state"), bearer(token));
      const repeat = await postForm(two!.endpoint, form("state"), bearer(token));
      expect([first.status, first.body, repeat.status, repeat.body]).toEqual([200, "fixed", 200, "fixed"]);
      // A fresh subscriber on the other node gets the retained state (once), and a ready position.
      const fresh = await subscribeReady(`${two!.endpoint}?topic=/r`);
      expect(fresh.updates().map((event) => event.data)).toEqual(["state"]);
      const ready = fresh.events.find((event) => event.type === "ssehub-ready")!;
      expect(JSON.parse(ready.data)).toEqual({ replayed: 0, retained: 1 });
      const next = await postForm(
        two!.endpoint,
        [
          ["topic", "/r"],
          ["data", "next"],
        ],
        bearer(token),
      );
      expect(next.status).toBe(200);
      // The repeat on the other node was not dispatched again.
      await live.waitForUpdates(2);
      expect(live.updates().map((event) => event.data)).toEqual(["state", "next"]);
      // That position resumes on the first node; `earliest` replays the whole history there.
      const resumed = await subscribeReady(`${one!.endpoint}?topic=/r`, {
        "last-event-id": ready.lastEventId,
      });
      expect(resumed.updates().map((event) => event.data)).toEqual(["next"]);
      const earliest = await subscribeReady(`${one!.endpoint}?topic=/r`, { "last-event-id": "earliest" });
      expect(earliest.updates().map((event) => event.data)).toEqual(["state", "next"]);
      await Promise.all([live, fresh, resumed, earliest].map((stream) => stream.close()));
    });
  }, 60_000);

  it("clients of a SIGKILLed node resume on another one through a balancer, missing nothing, twice nothing", async () => {
    await withCluster(2, async ([victim, survivor]) => {
      const balancer = await startTcpProxy(() => [victim!.port, survivor!.port]);
      const hub = `http://127.0.0.1:${balancer.port}/.well-known/mercure`;
      const client = subscribe(hub, { topics: ["/f"], backoff: { min: 20, max: 100 } });
      const clientIds: string[] = [];
      let opens = 0;
      client.on("update", (update) => clientIds.push(update.id));
      client.on("open", () => opens++);
      const raw = resumingReader(`${hub}?topic=/f`);
      try {
        await waitFor(() => client.state === "open" && raw.connections() === 1, "both clients connected");
        const token = await publisher();
        const published: string[] = [];
        for (let i = 0; i < 40; i++) {
          if (i === 20) victim!.cli.signal("SIGKILL");
          const answer = await postForm(
            survivor!.endpoint,
            [
              ["topic", "/f"],
              ["data", String(i)],
            ],
            bearer(token),
          );
          expect(answer.status).toBe(200);
          published.push(answer.body);
        }
        await waitFor(
          () => clientIds.length >= 40 && raw.ids().length >= 40,
          "40 updates on both clients",
          15_000,
        );
        expect(clientIds).toEqual(published);
        expect(raw.ids()).toEqual(published);
        // Both were on the victim first (the balancer prefers it while it answers), then on the survivor.
        expect(opens).toBe(2);
        expect(raw.connections()).toBe(2);
      } finally {
        client.close();
        await raw.close();
        await balancer.close();
      }
    });
  }, 60_000);
});

/** A plain SSE reader that reconnects with `Last-Event-ID` (the last id seen, ready positions included). */
function resumingReader(url: string) {
  const ids: string[] = [];
  let connections = 0;
  let current: Stream | undefined;
  let stopped = false;
  const running = (async () => {
    let last: string | undefined;
    for (let attempt = 0; !stopped && attempt < 50; attempt++) {
      try {
        current = await openStream(url, last === undefined ? {} : { headers: { "last-event-id": last } });
      } catch {
        continue;
      }
      if (current.response.status !== 200) {
        await current.close();
        continue;
      }
      connections++;
      const seen = current.events;
      await waitFor(() => current!.ended() || stopped, "the stream to end", 60_000);
      for (const event of seen) {
        if (event.lastEventId !== "") last = event.lastEventId;
      }
      ids.push(...current.updates().map((event) => event.lastEventId));
    }
  })();
  return {
    ids: () => [...ids, ...(current && !current.ended() ? current.updates().map((e) => e.lastEventId) : [])],
    connections: () => connections,
    async close() {
      stopped = true;
      await current?.close();
      await running;
    },
  };
}
