import { describe, expect, it } from "vitest";
import type { Broker } from "../src/core/broker.ts";
import { createMemoryBroker } from "../src/core/memory-broker.ts";
import type { Hub } from "../src/types.ts";
import { gatedBroker } from "./helpers/gated-broker.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, postForm } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const open = { allowAnonymous: true, jwtKey: KEY };

async function publishNumbered(hub: Hub, from: number, to: number, topic = "a"): Promise<void> {
  for (let n = from; n <= to; n++) await hub.publish({ topics: topic, id: `u${n}`, data: `d${n}` });
}

function ids(events: { lastEventId: string }[]): string[] {
  return events.map((event) => event.lastEventId);
}

/** A resume position at the `seq`-th entry of a fresh in-memory broker. */
function positionAt(seq: number): RegExp {
  return new RegExp(`^#[A-Za-z0-9]{1,32}\\.${seq}$`);
}

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `u${from + i}`);
}

describe(`resume on ${runtimeName}`, () => {
  it("Last-Event-ID header: replays what follows, marks the end of the replay, then goes live", async () => {
    await withHub(open, async ({ endpoint, hub }) => {
      await publishNumbered(hub, 1, 5);
      const stream = await openStream(`${endpoint}?topic=a`, { headers: { "last-event-id": "u2" } });
      // The position just before the replay (u2 is the 2nd entry), not the id asked for.
      expect(stream.response.headers.get("last-event-id")).toMatch(positionAt(2));
      const ready = await stream.waitForEvent("ssehub-ready");
      expect(JSON.parse(ready.data)).toStrictEqual({ replayed: 3, retained: 0 });
      await publishNumbered(hub, 6, 6);
      expect(ids(await stream.waitForUpdates(4))).toStrictEqual(range(3, 6));
      // The ready marker sits between the replay and the live updates.
      expect(stream.events.map((event) => event.type)).toStrictEqual([
        "message",
        "message",
        "message",
        "ssehub-ready",
        "message",
      ]);
      await stream.close();
    });
  });

  it("draft-07 lastEventID query, the header winning over it", async () => {
    await withHub(open, async ({ endpoint, hub }) => {
      await publishNumbered(hub, 1, 4);
      const query = await openStream(`${endpoint}?topic=a&lastEventID=u3`);
      expect(query.response.headers.get("last-event-id")).toMatch(positionAt(3));
      expect(ids(await query.waitForUpdates(1))).toStrictEqual(["u4"]);
      const both = await openStream(`${endpoint}?topic=a&lastEventID=u3`, {
        headers: { "last-event-id": "u1" },
      });
      expect(both.response.headers.get("last-event-id")).toMatch(positionAt(1));
      expect(ids(await both.waitForUpdates(3))).toStrictEqual(range(2, 4));
      await query.close();
      await both.close();
    });
  });

  it("draft-08 last_event_id query answers Mercure-Last-Event-ID", async () => {
    await withHub(open, async ({ endpoint, hub }) => {
      await publishNumbered(hub, 1, 3);
      const stream = await openStream(`${endpoint}?match=a&last_event_id=u1`);
      expect(stream.response.headers.get("mercure-last-event-id")).toMatch(positionAt(1));
      expect(stream.response.headers.get("last-event-id")).toBe(null);
      expect(ids(await stream.waitForUpdates(2))).toStrictEqual(range(2, 3));
      await stream.close();
    });
  });

  it("a resume id outside Latin-1 is answered (a position in the header) and leaves no subscriber behind", async () => {
    await withHub(open, async ({ endpoint, hub }) => {
      await hub.publish({ topics: "a", id: "€1" });
      await hub.publish({ topics: "a", id: "€2" });
      const stream = await openStream(`${endpoint}?topic=a&lastEventID=${encodeURIComponent("€1")}`);
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get("last-event-id")).toMatch(positionAt(1));
      expect(ids(await stream.waitForUpdates(1))).toStrictEqual(["€2"]);
      await stream.close();
      await waitFor(() => hub.stats().connections === 0, "the subscriber gone");
    });
  });

  it("a Last-Event-ID header carrying an id's UTF-8 bytes (as browsers send it) resumes after that id", async () => {
    await withHub(open, async ({ endpoint, hub }) => {
      for (const id of ["café-1", "€uro-1", "u3"]) await hub.publish({ topics: "a", id });
      const utf8Bytes = (id: string): string => String.fromCharCode(...new TextEncoder().encode(id));
      for (const [from, next] of [
        ["café-1", "€uro-1"],
        ["€uro-1", "u3"],
      ] as const) {
        const stream = await openStream(`${endpoint}?topic=a`, {
          headers: { "last-event-id": utf8Bytes(from) },
        });
        const ready = await stream.waitForEvent("ssehub-ready");
        expect(stream.events[0]!.type, `no gap when resuming from ${from}`).toBe("message");
        expect(stream.events[0]!.lastEventId).toBe(next);
        expect(JSON.parse(ready.data).replayed >= 1).toBeTruthy();
        await stream.close();
      }
    });
  });

  it("earliest replays the whole history the hub holds", async () => {
    await withHub({ ...open, historySize: 3 }, async ({ endpoint, hub }) => {
      await publishNumbered(hub, 1, 5);
      expect(hub.stats().historySize).toBe(3);
      const stream = await openStream(`${endpoint}?topic=a&lastEventID=earliest`);
      expect(stream.response.headers.get("last-event-id")).toBe("earliest");
      const ready = await stream.waitForEvent("ssehub-ready");
      expect(JSON.parse(ready.data)).toStrictEqual({ replayed: 3, retained: 0 });
      expect(ids(stream.updates())).toStrictEqual(range(3, 5));
      await stream.close();
    });
  });

  it("an unknown or evicted id gets ssehub-gap, then the fresh-subscriber prelude", async () => {
    await withHub({ ...open, historySize: 2 }, async ({ endpoint, hub }) => {
      await hub.publish({ topics: "a", id: "state", data: "kept", retain: true });
      await publishNumbered(hub, 1, 3);
      const stream = await openStream(`${endpoint}?topic=a`, { headers: { "last-event-id": "u1" } });
      expect(stream.response.headers.get("last-event-id")).toBe("earliest");
      await stream.waitForEvent("ssehub-ready");
      const [gap, retained, ready] = stream.events;
      expect(gap!.type).toBe("ssehub-gap");
      expect(JSON.parse(gap!.data)).toStrictEqual({ lastEventId: "u1", earliest: "u2" });
      expect(retained!.lastEventId).toBe("state");
      expect(ready!.type).toBe("ssehub-ready");
      expect(JSON.parse(ready!.data)).toStrictEqual({ replayed: 0, retained: 1 });
      await stream.close();
    });
  });

  it("replay skips private updates the subscriber may not read", async () => {
    await withHub(open, async ({ endpoint, hub }) => {
      await hub.publish({ topics: "a", id: "u1", data: "public" });
      await hub.publish({ topics: "a", id: "u2", data: "secret", private: true });
      await hub.publish({ topics: "a", id: "u3", data: "public" });
      const anonymous = await openStream(`${endpoint}?topic=a&lastEventID=earliest`);
      const allowed = await openStream(`${endpoint}?topic=a&lastEventID=earliest`, {
        headers: bearer(await token07({ subscribe: ["a"] })),
      });
      await anonymous.waitForEvent("ssehub-ready");
      await allowed.waitForEvent("ssehub-ready");
      expect(ids(anonymous.updates())).toStrictEqual(["u1", "u3"]);
      expect(ids(allowed.updates())).toStrictEqual(["u1", "u2", "u3"]);
      await anonymous.close();
      await allowed.close();
    });
  });

  it("publishing during the replay: every update exactly once, in order", async () => {
    // The history read is held until more updates were published, so live ones arrive mid-replay.
    const { broker, release } = gatedBroker();
    await withHub({ ...open, broker }, async ({ endpoint, hub }) => {
      await publishNumbered(hub, 1, 50);
      const pending = Array.from({ length: 10 }, (_, i) =>
        openStream(`${endpoint}?topic=a&lastEventID=${i % 2 ? "earliest" : "u20"}`),
      );
      await waitFor(() => hub.stats().connections === 10, "10 subscribers in their prelude");
      await publishNumbered(hub, 51, 80);
      release();
      const streams = await Promise.all(pending);
      const concurrent = publishNumbered(hub, 81, 150);
      const late = await openStream(`${endpoint}?topic=a&lastEventID=u100`);
      await concurrent;
      for (const [i, stream] of streams.entries()) {
        expect(ids(await stream.waitForUpdates(i % 2 ? 150 : 130))).toStrictEqual(range(i % 2 ? 1 : 21, 150));
      }
      expect(ids(await late.waitForUpdates(50))).toStrictEqual(range(101, 150));
      await publishNumbered(hub, 151, 151);
      await late.waitForUpdates(51);
      expect(ids(late.updates())).toStrictEqual(range(101, 151));
      for (const stream of [...streams, late]) await stream.close();
    });
  });

  it("a broker that announces after storing (as a remote one would): still exactly once, in order", async () => {
    const inner = createMemoryBroker();
    // Announcements arrive a moment after the entry is stored and readable, as with Redis Streams.
    const listen: Broker["listen"] = (listener) =>
      inner.listen((entry) => setTimeout(() => listener(entry), 2));
    await withHub({ ...open, broker: { ...inner, listen } }, async ({ endpoint, hub }) => {
      await publishNumbered(hub, 1, 30);
      const concurrent = publishNumbered(hub, 31, 90);
      const streams = await Promise.all(
        ["u10", "earliest", "u25"].map((id) => openStream(`${endpoint}?topic=a&lastEventID=${id}`)),
      );
      await concurrent;
      const from = [11, 1, 26];
      for (const [i, stream] of streams.entries()) {
        expect(ids(await stream.waitForUpdates(91 - from[i]!))).toStrictEqual(range(from[i]!, 90));
      }
      await publishNumbered(hub, 91, 91);
      for (const [i, stream] of streams.entries()) {
        expect(ids(await stream.waitForUpdates(92 - from[i]!))).toStrictEqual(range(from[i]!, 91));
        await stream.close();
      }
    });
  });

  it("retained updates: the latest per topic, in publish order, then ssehub-ready", async () => {
    await withHub({ ...open, historySize: 1 }, async ({ endpoint, hub }) => {
      await hub.publish({ topics: "a", id: "a1", data: "a v1", retain: true });
      await hub.publish({ topics: "b", id: "b1", data: "b v1", retain: true });
      await hub.publish({ topics: "a", id: "a2", data: "a v2", retain: true });
      await hub.publish({ topics: "c", id: "c1", data: "not retained" });
      await hub.publish({ topics: "b", id: "secret", data: "private", retain: true, private: true });
      expect(hub.stats().retainedTopics).toBe(2);
      const anonymous = await openStream(`${endpoint}?topic=*`);
      const ready = await anonymous.waitForEvent("ssehub-ready");
      expect(JSON.parse(ready.data)).toStrictEqual({ replayed: 0, retained: 1 });
      expect(ids(anonymous.updates())).toStrictEqual(["a2"]);
      const allowed = await openStream(`${endpoint}?topic=*`, {
        headers: bearer(await token07({ subscribe: ["*"] })),
      });
      await allowed.waitForEvent("ssehub-ready");
      expect(ids(allowed.updates())).toStrictEqual(["a2", "secret"]);
      expect(allowed.updates()[0]!.data).toBe("a v2");
      await anonymous.close();
      await allowed.close();
    });
  });

  it("a retained update replaced while the retained read is under way never arrives after its successor", async () => {
    const { broker, release } = gatedBroker();
    await withHub({ ...open, broker }, async ({ endpoint, hub }) => {
      const pending = openStream(`${endpoint}?topic=a`);
      await waitFor(() => hub.stats().connections === 1, "the subscriber in its prelude");
      await hub.publish({ topics: "a", id: "a1", data: "old state", retain: true });
      await hub.publish({ topics: "a", id: "a2", data: "new state", retain: true });
      release();
      const stream = await pending;
      await stream.waitForEvent("ssehub-ready");
      await hub.publish({ topics: "a", id: "a3", data: "live" });
      await stream.waitForUpdates(2);
      // The prelude gave the current state (a2); the state it replaced must not follow as if it were newer.
      expect(ids(stream.updates())).toStrictEqual(["a2", "a3"]);
      await stream.close();
    });
  });

  it("idempotent publish: an identical repeat of an update still in history answers 200 with its id and is not dispatched again", async () => {
    const published: string[] = [];
    await withHub(
      { ...open, onPublish: (update) => published.push(update.id) },
      async ({ endpoint, hub }) => {
        const stream = await openStream(`${endpoint}?topic=a`);
        await stream.waitForEvent("ssehub-ready");
        const token = bearer(await token07({ publish: ["*"] }));
        const first = await postForm(
          endpoint,
          [
            ["topic", "a"],
            ["id", "once"],
            ["data", "1"],
          ],
          token,
        );
        const again = await postForm(
          endpoint,
          [
            ["topic", "a"],
            ["id", "once"],
            ["data", "1"],
          ],
          token,
        );
        expect([first.status, first.body, again.status, again.body]).toStrictEqual([
          200,
          "once",
          200,
          "once",
        ]);
        expect(await hub.publish({ topics: "a", id: "once", data: "1" })).toBe("once");
        await hub.publish({ topics: "a", id: "next" });
        expect(ids(await stream.waitForUpdates(2))).toStrictEqual(["once", "next"]);
        expect(stream.updates()[0]!.data).toBe("1");
        expect(published).toStrictEqual(["once", "next"]);
        expect(hub.stats().updatesPublished).toBe(2);
        await stream.close();
      },
    );
  });
});
