// Resume positions (the ready marker's `id:`), gaps, subscription events in their own bound, reused ids and
// clearing a retained topic, over real sockets.
import { compileSelector, type TopicMatcher } from "@ssehub/protocol";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { Broker } from "../src/core/broker.ts";
import { HubCore } from "../src/core/hub-core.ts";
import { createMemoryBroker } from "../src/core/memory-broker.ts";
import { parsePosition } from "../src/core/position.ts";
import { topicLimits } from "../src/core/topic-limits.ts";
import { mercureDiscovery, mercureLink } from "../src/http/discovery.ts";
import type { Hub } from "../src/types.ts";
import { gatedBroker } from "./helpers/gated-broker.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, postForm, postJson, type Stream } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const open = { allowAnonymous: true, jwtKey: KEY };

async function publishNumbered(hub: Hub, from: number, to: number, topic = "a"): Promise<void> {
  for (let n = from; n <= to; n++) await hub.publish({ topics: topic, id: `u${n}`, data: `d${n}` });
}

const ids = (events: { lastEventId: string }[]): string[] => events.map((event) => event.lastEventId);

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `u${from + i}`);
}

/** The `id:` of the stream's ready marker: a resume position. */
async function readyPosition(stream: Stream): Promise<string> {
  const ready = await stream.waitForEvent("ssehub-ready");
  expect(parsePosition(ready.lastEventId), `ready id ${ready.lastEventId}`).toBeDefined();
  return ready.lastEventId;
}

describe(`resume positions on ${runtimeName}`, () => {
  it("ssehub-ready carries a position that names no update; resuming from it gets exactly what followed", async () => {
    await withHub(open, async ({ endpoint, hub }) => {
      await hub.publish({ topics: "a", id: "public-1", data: "p" });
      await hub.publish({ topics: "a", id: "private-1", data: "s", private: true });
      const first = await openStream(`${endpoint}?topic=a`);
      const position = await readyPosition(first);
      expect(position.startsWith("#")).toBe(true);
      expect(position).not.toContain("public-1");
      expect(position).not.toContain("private-1");
      await first.close();
      await publishNumbered(hub, 1, 3);
      const header = await openStream(`${endpoint}?topic=a`, { headers: { "last-event-id": position } });
      const query07 = await openStream(`${endpoint}?topic=a&lastEventID=${encodeURIComponent(position)}`);
      const query08 = await openStream(`${endpoint}?match=a&last_event_id=${encodeURIComponent(position)}`);
      for (const stream of [header, query07, query08]) {
        const ready = await stream.waitForEvent("ssehub-ready");
        expect(JSON.parse(ready.data)).toEqual({ replayed: 3, retained: 0 });
        expect(stream.events.map((event) => event.type)).toEqual([
          "message",
          "message",
          "message",
          "ssehub-ready",
        ]);
        expect(ids(stream.updates())).toEqual(range(1, 3));
        // The marker moved on: a later resume from it starts after u3.
        expect(parsePosition(ready.lastEventId)!.seq).toBe(parsePosition(position)!.seq + 3);
      }
      expect(header.response.headers.get("last-event-id")).toBe(position);
      expect(query08.response.headers.get("mercure-last-event-id")).toBe(position);
      for (const stream of [header, query07, query08]) await stream.close();
    });
  });

  it("the Last-Event-ID response header is the position before the replay, never the update id asked for", async () => {
    await withHub(open, async ({ endpoint, hub }) => {
      await publishNumbered(hub, 1, 4);
      const stream = await openStream(`${endpoint}?topic=a`, { headers: { "last-event-id": "u2" } });
      const header = stream.response.headers.get("last-event-id")!;
      expect(parsePosition(header), header).toBeDefined();
      await stream.waitForEvent("ssehub-ready");
      // Resuming from the header's position replays the same updates as resuming from u2.
      const again = await openStream(`${endpoint}?topic=a`, { headers: { "last-event-id": header } });
      await again.waitForEvent("ssehub-ready");
      expect(ids(again.updates())).toEqual(["u3", "u4"]);
      expect(ids(stream.updates())).toEqual(["u3", "u4"]);
      await stream.close();
      await again.close();
    });
  });

  it("a position from another epoch (another hub process) or older than the history gets ssehub-gap", async () => {
    let foreign = "";
    await withHub(open, async ({ endpoint }) => {
      const stream = await openStream(`${endpoint}?topic=a`);
      foreign = await readyPosition(stream);
      await stream.close();
    });
    await withHub({ ...open, historySize: 2 }, async ({ endpoint, hub }) => {
      await hub.publish({ topics: "a", id: "u1" });
      const before = await openStream(`${endpoint}?topic=a`);
      const old = await readyPosition(before);
      await before.close();
      await publishNumbered(hub, 2, 4);
      for (const asked of [foreign, old]) {
        const stream = await openStream(`${endpoint}?topic=a`, { headers: { "last-event-id": asked } });
        await stream.waitForEvent("ssehub-ready");
        expect(stream.response.headers.get("last-event-id")).toBe("earliest");
        expect(stream.events[0]!.type).toBe("ssehub-gap");
        expect(JSON.parse(stream.events[0]!.data)).toEqual({ lastEventId: asked, earliest: "u3" });
        await stream.close();
      }
    });
  });

  it("the gap's earliest names the oldest update only to a subscriber allowed to read it", async () => {
    await withHub({ ...open, historySize: 2 }, async ({ endpoint, hub }) => {
      await hub.publish({ topics: "a", id: "gone" });
      await hub.publish({ topics: "a", id: "secret", private: true });
      await hub.publish({ topics: "a", id: "public" });
      const anonymous = await openStream(`${endpoint}?topic=a&lastEventID=gone`);
      const allowed = await openStream(`${endpoint}?topic=a&lastEventID=gone`, {
        headers: bearer(await token07({ subscribe: ["a"] })),
      });
      await anonymous.waitForEvent("ssehub-gap");
      await allowed.waitForEvent("ssehub-gap");
      expect(JSON.parse(anonymous.events[0]!.data)).toEqual({ lastEventId: "gone", earliest: "" });
      expect(JSON.parse(allowed.events[0]!.data)).toEqual({ lastEventId: "gone", earliest: "secret" });
      await anonymous.close();
      await allowed.close();
    });
  });

  it("a fresh subscriber whose prelude overlaps live publishes: resuming from its ready id loses none of them", async () => {
    const { broker, release } = gatedBroker();
    await withHub({ ...open, broker }, async ({ endpoint, hub }) => {
      const pending = openStream(`${endpoint}?topic=a`);
      await waitFor(() => hub.stats().connections === 1, "the subscriber in its prelude");
      // Published after the subscriber registered, before its retained read: live, yet older than that read.
      await publishNumbered(hub, 1, 2);
      release();
      const stream = await pending;
      const position = await readyPosition(stream);
      await stream.waitForUpdates(2);
      expect(stream.events.map((event) => event.type)).toEqual(["ssehub-ready", "message", "message"]);
      await stream.close();
      // A client cut right after the marker resumes from it: u1 and u2 must come.
      const resumed = await openStream(`${endpoint}?topic=a`, { headers: { "last-event-id": position } });
      await resumed.waitForEvent("ssehub-ready");
      expect(ids(resumed.updates())).toEqual(["u1", "u2"]);
      await resumed.close();
    });
  });
});

describe(`discovery with a resume position on ${runtimeName}`, () => {
  it("mercureDiscovery given the hub links last-event-id: the position before the resource was generated", async () => {
    await withHub(open, async ({ endpoint, hub }) => {
      await hub.publish({ topics: "a", id: "before" });
      const app = new Hono();
      app.use("/books/*", mercureDiscovery(endpoint, { hub }));
      // The resource changes while it is generated: the subscriber must still get that update.
      app.get("/books/1", async (c) => {
        await hub.publish({ topics: "a", id: "during" });
        return c.text("book 1");
      });
      const link = (await app.fetch(new Request("http://api.test/books/1"))).headers.get("link") ?? "";
      const lastEventId = /last-event-id="([^"]*)"/.exec(link)?.[1] ?? "";
      expect(link.startsWith(`<${endpoint}>; rel="mercure"; last-event-id="#`)).toBe(true);
      const stream = await openStream(`${endpoint}?topic=a&lastEventID=${encodeURIComponent(lastEventId)}`);
      await stream.waitForEvent("ssehub-ready");
      expect(ids(stream.updates())).toEqual(["during"]);
      await stream.close();
      expect(mercureLink("https://hub.test/", { lastEventId: 'a"b\\c' })).toBe(
        '<https://hub.test/>; rel="mercure"; last-event-id="a\\"b\\\\c"',
      );
    });
  });
});

describe(`subscription events on ${runtimeName}`, () => {
  const SELECTORS = Array.from({ length: 200 }, (_, i) => `s${i}`);
  const query = SELECTORS.map((selector) => `topic=${selector}`).join("&");

  it("3 cycles of 200 selectors with subscriptions on do not evict 1,000 updates", async () => {
    await withHub({ ...open, subscriptions: true, historySize: 1000 }, async ({ endpoint, hub }) => {
      await publishNumbered(hub, 1, 1000);
      for (let cycle = 1; cycle <= 3; cycle++) {
        const crowd = await openStream(`${endpoint}?${query}`);
        await crowd.waitForEvent("ssehub-ready");
        await crowd.close();
        await waitFor(() => hub.stats().connections === 0, `the crowd of cycle ${cycle} gone`);
      }
      // 1,000 updates and 3 × 200 × 2 subscription events.
      await waitFor(() => hub.stats().updatesPublished === 2200, "every subscription event published");
      expect(hub.stats().historySize).toBe(1000);
      const resumed = await openStream(`${endpoint}?topic=a&lastEventID=u1`);
      const ready = await resumed.waitForEvent("ssehub-ready");
      expect(resumed.events.some((event) => event.type === "ssehub-gap")).toBe(false);
      expect(JSON.parse(ready.data)).toEqual({ replayed: 999, retained: 0 });
      expect(ids(resumed.updates())).toEqual(range(2, 1000));
      await resumed.close();
    });
  });

  it("the subscriptions API's lastEventID is a position; resuming from it brings the events that followed", async () => {
    const apiSelector = "/.well-known/mercure/subscriptions{/topic}{/subscriber}";
    await withHub({ ...open, subscriptions: true }, async ({ endpoint, hub }) => {
      const token = bearer(await token07({ subscribe: [apiSelector, "a"] }));
      await hub.publish({ topics: "a", id: "private-last", private: true });
      const list = await fetch(`${endpoint}/subscriptions`, { headers: token });
      const { lastEventID } = (await list.json()) as { lastEventID: string };
      expect(parsePosition(lastEventID), lastEventID).toBeDefined();
      const watcher = await openStream(`${endpoint}?topic=${encodeURIComponent(apiSelector)}`, {
        headers: { ...token, "last-event-id": lastEventID },
      });
      await watcher.waitForEvent("ssehub-ready");
      const newcomer = await openStream(`${endpoint}?topic=b`);
      await newcomer.waitForEvent("ssehub-ready");
      // The watcher's own event and the newcomer's, both after the listing.
      const events = await watcher.waitForUpdates(2);
      expect(events.map((event) => JSON.parse(event.data).topic)).toEqual([apiSelector, "b"]);
      await newcomer.close();
      await watcher.close();
    });
  });
});

describe(`reused ids on ${runtimeName}`, () => {
  it("an identical repeat is a duplicate; a different update under the id is dispatched, and the id resumes from the first", async () => {
    const published: string[] = [];
    await withHub(
      { ...open, onPublish: (update) => published.push(update.data) },
      async ({ endpoint, hub }) => {
        const live = await openStream(`${endpoint}?topic=a`);
        await live.waitForEvent("ssehub-ready");
        const token = bearer(await token07({ publish: ["*"] }));
        const form = (data: string) =>
          postForm(
            endpoint,
            [
              ["topic", "a"],
              ["id", "reused"],
              ["data", data],
            ],
            token,
          );
        const first = await form("1");
        const repeat = await form("1");
        const hijack = await postJson(endpoint, { topic: "b", id: "reused", data: "other tenant" }, token);
        const second = await form("2");
        expect([first, repeat, hijack, second].map((answer) => [answer.status, answer.body])).toEqual([
          [200, "reused"],
          [200, "reused"],
          [200, "reused"],
          [200, "reused"],
        ]);
        await hub.publish({ topics: "a", id: "after" });
        const updates = await live.waitForUpdates(3);
        expect(updates.map((event) => [event.lastEventId, event.data])).toEqual([
          ["reused", "1"],
          ["reused", "2"],
          ["after", ""],
        ]);
        expect(published).toEqual(["1", "other tenant", "2", ""]);
        const resumed = await openStream(`${endpoint}?topic=a`, { headers: { "last-event-id": "reused" } });
        await resumed.waitForEvent("ssehub-ready");
        expect(resumed.updates().map((event) => event.data)).toEqual(["2", ""]);
        await resumed.close();
        await live.close();
      },
    );
  });
});

describe(`clearing a retained topic on ${runtimeName}`, () => {
  it("DELETE /.well-known/mercure?topic= with a publish token forgets the retained update", async () => {
    await withHub(open, async ({ endpoint, hub }) => {
      await hub.publish({ topics: "a", id: "state-a", data: "a", retain: true });
      await hub.publish({ topics: "b", id: "state-b", data: "b", retain: true });
      const remove = async (url: string, headers: Record<string, string> = {}) => {
        const response = await fetch(url, { method: "DELETE", headers });
        return { status: response.status, body: await response.json() };
      };
      const writer = bearer(await token07({ publish: ["a"] }));
      expect((await remove(`${endpoint}?topic=a`)).status).toBe(401);
      expect((await remove(`${endpoint}?topic=b`, writer)).status).toBe(403);
      expect(await remove(endpoint, writer)).toMatchObject({ status: 400, body: { field: "topic" } });
      expect((await remove(`${endpoint}?topic=a&topic=b`, writer)).status).toBe(400);
      expect(hub.stats().retainedTopics).toBe(2);
      expect(await remove(`${endpoint}?topic=a`, writer)).toEqual({
        status: 200,
        body: { topic: "a", cleared: true },
      });
      expect(await remove(`${endpoint}?topic=a`, writer)).toEqual({
        status: 200,
        body: { topic: "a", cleared: false },
      });
      expect(hub.stats().retainedTopics).toBe(1);
      const fresh = await openStream(`${endpoint}?topic=a&topic=b`);
      await fresh.waitForEvent("ssehub-ready");
      expect(ids(fresh.updates())).toEqual(["state-b"]);
      await fresh.close();
      // The history still holds it for resumes.
      const resumed = await openStream(`${endpoint}?topic=a&lastEventID=earliest`);
      await resumed.waitForEvent("ssehub-ready");
      expect(ids(resumed.updates())).toEqual(["state-a"]);
      await resumed.close();
      expect(await hub.clearRetained("b")).toBe(true);
    });
  });

  it("--max-retained: the topic retained longest ago is forgotten first", async () => {
    await withHub({ ...open, maxRetained: 2 }, async ({ endpoint, hub }) => {
      for (const topic of ["a", "b", "c"])
        await hub.publish({ topics: topic, id: `state-${topic}`, retain: true });
      expect(hub.stats().retainedTopics).toBe(2);
      const fresh = await openStream(`${endpoint}?topic=*`);
      await fresh.waitForEvent("ssehub-ready");
      expect(ids(fresh.updates())).toEqual(["state-b", "state-c"]);
      await fresh.close();
    });
  });

  it("--history-max-bytes: the oldest updates leave once the bytes pass the bound", async () => {
    // Each update: id "uN" (2 bytes), data "dN" (2), topic "a" (1) = 5 bytes.
    await withHub({ ...open, historyMaxBytes: 12 }, async ({ endpoint, hub }) => {
      await publishNumbered(hub, 1, 5);
      expect(hub.stats()).toMatchObject({ historySize: 2, historyBytes: 10 });
      const resumed = await openStream(`${endpoint}?topic=a&lastEventID=earliest`);
      await resumed.waitForEvent("ssehub-ready");
      expect(ids(resumed.updates())).toEqual(["u4", "u5"]);
      await resumed.close();
    });
  });
});

describe("prelude matching", () => {
  /** A selector that counts how often it is evaluated. */
  function counting(pattern: string): { matcher: TopicMatcher; calls: () => number } {
    const inner = compileSelector(pattern, "template");
    let calls = 0;
    const matcher = Object.assign((topic: string) => {
      calls++;
      return inner(topic);
    }, inner) as TopicMatcher;
    return { matcher, calls: () => calls };
  }

  it("goes through the topic index's cache: a pattern is evaluated once per distinct topic, not per entry", async () => {
    const broker: Broker = createMemoryBroker();
    const core = new HubCore({
      broker,
      ownsBroker: true,
      heartbeat: 0,
      maxQueue: 1 << 30,
      maxConnections: 0,
      maxConnectionsPerIp: 0,
      subscriptions: false,
      topicLimits: topicLimits({}),
    });
    try {
      for (let n = 0; n < 1000; n++) {
        await core.publish({ topics: `https://example.com/items/${n % 10}`, id: `u${n}` });
      }
      const selector = counting("https://example.com/items/{id}");
      const opened = await core.open({
        selectors: [selector.matcher],
        baseURL: "http://hub.test/",
        grants: null,
        draft: 7,
        resume: "earliest",
      });
      // 10 distinct topics among 1,000 replayed updates.
      expect(selector.calls()).toBe(10);
      const reader = opened.output.stream.getReader();
      let text = "";
      const decoder = new TextDecoder();
      while (!text.includes("ssehub-ready")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      expect(text.match(/^id: u\d+$/gm)?.length).toBe(1000);
      await reader.cancel();
    } finally {
      await core.close();
    }
  });
});
