import { describe, expect, it } from "vitest";
import { createHub } from "../src/create-hub.ts";
import type { SubscriberInfo } from "../src/types.ts";
import { openRawStream } from "./helpers/raw-stream.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, postForm } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const FANOUT = Number(process.env.FANOUT ?? 1000);
const open = { allowAnonymous: true, jwtKey: KEY };

describe(`subscriber stream on ${runtimeName}`, () => {
  it("answers at once with SSE headers and the heartbeat announcement, before any update", async () => {
    await withHub({ ...open, heartbeat: 15_000 }, async ({ endpoint }) => {
      const stream = await openStream(`${endpoint}?topic=a`);
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get("content-type")!).toMatch(/^text\/event-stream/);
      expect(stream.response.headers.get("cache-control")!).toMatch(/no-cache/);
      expect(stream.response.headers.get("cache-control")!).toMatch(/no-transform/);
      expect(stream.response.headers.get("x-accel-buffering")).toBe("no");
      await stream.waitForEvent("ssehub-ready");
      expect(stream.text().startsWith(": ssehub heartbeat=15000\n")).toBeTruthy();
      expect(stream.comments[0]).toStrictEqual("ssehub heartbeat=15000");
      const ready = stream.events.find((event) => event.type === "ssehub-ready")!;
      expect(JSON.parse(ready.data)).toStrictEqual({ replayed: 0, retained: 0 });
      // The marker's id is a resume position (`#<epoch>.<seq>`), never an update id: nothing was published.
      expect(ready.lastEventId).toMatch(/^#[A-Za-z0-9]{1,32}\.0$/);
      await stream.close();
    });
  });

  it("the hub's own response has no Connection header", async () => {
    await withHub(open, async ({ hub }) => {
      const response = await hub.fetch(new Request("http://hub.test/.well-known/mercure?topic=a"));
      expect(response.headers.get("connection")).toBe(null);
      await response.body!.cancel();
    });
  });

  it("sends a heartbeat comment when the stream is idle for the interval", async () => {
    await withHub({ ...open, heartbeat: 40 }, async ({ endpoint }) => {
      const stream = await openStream(`${endpoint}?topic=a`);
      await waitFor(() => stream.comments.length >= 3, "two heartbeats after the announcement");
      expect(stream.comments[0]).toBe("ssehub heartbeat=40");
      await stream.close();
    });
  });

  it("heartbeat 0 announces 0 and sends no heartbeat", async () => {
    await withHub({ ...open, heartbeat: 0 }, async ({ endpoint, hub }) => {
      const stream = await openStream(`${endpoint}?topic=a`);
      await stream.waitForEvent("ssehub-ready");
      await hub.publish({ topics: "a", data: "x" });
      await stream.waitForUpdates(1);
      expect(stream.comments).toStrictEqual(["ssehub heartbeat=0"]);
      await stream.close();
    });
  });

  it("multi-line, unicode, empty and 1 MiB data arrive exactly", async () => {
    await withHub(open, async ({ endpoint, hub }) => {
      const stream = await openStream(`${endpoint}?topic=a`);
      await stream.waitForEvent("ssehub-ready");
      const big = "x".repeat(1024 * 1024);
      const samples = [
        "line one\nline two\n\nline four",
        "  leading spaces\n",
        "crlf\r\nand cr\rend",
        "héllo wörld — 日本語 🚀",
        "",
        big,
      ];
      // CR and CRLF are line breaks in SSE, so they arrive as LF.
      const expected = samples.map((data) => data.replace(/\r\n?/g, "\n"));
      for (const data of samples.slice(0, -1)) {
        const { status } = await postForm(
          endpoint,
          [
            ["topic", "a"],
            ["data", data],
          ],
          bearer(await publisher()),
        );
        expect(status).toBe(200);
      }
      await hub.publish({ topics: "a", data: big });
      const updates = await stream.waitForUpdates(samples.length);
      expect(updates.map((event) => event.data)).toStrictEqual(expected);
      await stream.close();
    });
  });

  it("fans out to 1,000 subscribers, as the hub's own gauges show, each receiving every update whole and in order", async () => {
    await withHub(open, async ({ url, hub }) => {
      const streams = await Promise.all(
        Array.from({ length: FANOUT }, (_, i) =>
          openRawStream(url, `/.well-known/mercure?topic=${i % 2 ? "odd" : "even"}&topic=all`),
        ),
      );
      await waitFor(() => hub.stats().connections === FANOUT, `${FANOUT} connections`);
      expect(streams.every((stream) => stream.status() === 200)).toBeTruthy();
      expect(hub.stats().subscriptions).toBe(FANOUT * 2);
      expect(hub.stats().subscriptionsByTopic).toStrictEqual({
        all: FANOUT,
        odd: FANOUT / 2,
        even: FANOUT / 2,
      });
      const before = hub.stats().deliveries;
      await hub.publish({ topics: ["all"], data: "to everyone" });
      await hub.publish({ topics: ["odd"], data: "to odd" });
      const received = (i: number) => streams[i]!.events.filter((event) => event.type === "message").length;
      await waitFor(() => streams.every((_, i) => received(i) === (i % 2 ? 2 : 1)), "every delivery");
      expect(hub.stats().deliveries - before).toBe(FANOUT * 1.5);
      expect(hub.stats().updatesPublished).toBe(2);
      // Not only how many: every subscriber has every update meant for it, its data whole, in publish order.
      for (let n = 0; n < 5; n++) await hub.publish({ topics: ["all"], data: `update ${n}` });
      const numbered = Array.from({ length: 5 }, (_, n) => `update ${n}`);
      const expected = (i: number) => ["to everyone", ...(i % 2 ? ["to odd"] : []), ...numbered];
      const messages = (i: number) =>
        streams[i]!.events.filter((event) => event.type === "message").map((event) => event.data);
      await waitFor(
        () => streams.every((_, i) => messages(i).length === expected(i).length),
        "five more updates on every stream",
        20_000,
      );
      expect(streams.map((_, i) => messages(i))).toStrictEqual(streams.map((_, i) => expected(i)));
      for (const stream of streams) stream.close();
      await waitFor(() => hub.stats().connections === 0, "all subscribers gone");
      expect(hub.stats().subscriptions).toBe(0);
      expect(hub.stats().queuedBytes).toBe(0);
    });
  });

  it("a client disconnect frees the subscription at once; onSubscribe and onUnsubscribe see it", async () => {
    const joined: SubscriberInfo[] = [];
    const left: string[] = [];
    const hooks = {
      onSubscribe: (s: SubscriberInfo) => joined.push(s),
      onUnsubscribe: (s: SubscriberInfo) => left.push(s.id),
    };
    await withHub({ ...open, ...hooks }, async ({ endpoint, hub }) => {
      const stream = await openStream(`${endpoint}?topic=a&topic=b`);
      await waitFor(() => hub.stats().connections === 1, "the subscriber");
      expect(joined.length).toBe(1);
      expect([joined[0]!.topics, joined[0]!.anonymous, joined[0]!.draft]).toStrictEqual([
        ["a", "b"],
        true,
        7,
      ]);
      await stream.close();
      await waitFor(() => hub.stats().connections === 0, "the subscription freed");
      expect(left).toStrictEqual([joined[0]!.id]);
      expect(hub.stats().subscriptionsByTopic).toStrictEqual({});
    });
  });

  it("close() sends each subscriber retry: 500–2000 ms, then ends its stream", async () => {
    await withHub(open, async ({ endpoint, hub, server }) => {
      const streams = await Promise.all([1, 2, 3].map(() => openStream(`${endpoint}?topic=a`)));
      await waitFor(() => hub.stats().connections === 3, "3 subscribers");
      await server.close({ timeoutMs: 2000 });
      for (const stream of streams) {
        await stream.waitForEnd();
        expect(stream.retries.length).toBe(1);
        expect(
          stream.retries[0]! >= 500 && stream.retries[0]! <= 2000,
          `retry ${stream.retries[0]}`,
        ).toBeTruthy();
      }
      expect(hub.stats().connections).toBe(0);
      const refused = await hub.fetch(new Request("http://hub.test/.well-known/mercure?topic=a"));
      expect(refused.status).toBe(503);
      expect((await hub.fetch(new Request("http://hub.test/readyz"))).status).toBe(503);
    });
  });

  it("size and duration options must be finite, non-negative integers", () => {
    for (const bad of [
      { historySize: Number.POSITIVE_INFINITY },
      { maxQueue: -1 },
      { heartbeat: Number.NaN },
      { historyMaxAge: 1.5 },
    ]) {
      expect(() => createHub(bad), JSON.stringify(bad)).toThrow(RangeError);
    }
  });

  it("the subscriber token's exp ends the stream", async () => {
    await withHub({ jwtKey: KEY }, async ({ endpoint, hub }) => {
      // 1 to 2 s ahead whatever the clock's fraction of a second (`floor(now) + 1` could be 1 ms away and
      // expire before the subscribe is checked): valid when the stream opens, past well within the wait.
      const exp = Math.ceil(Date.now() / 1000) + 1;
      const token = await token07({ subscribe: ["*"] }, { exp });
      const stream = await openStream(`${endpoint}?topic=a`, { headers: bearer(token) });
      expect(stream.response.status).toBe(200);
      await stream.waitForEnd(4000);
      expect(hub.stats().connections).toBe(0);
    });
  });
});

function publisher(): Promise<string> {
  return token07({ publish: ["*"] });
}
