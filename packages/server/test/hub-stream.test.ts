import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createHub } from "../src/create-hub.ts";
import type { SubscriberInfo } from "../src/types.ts";
import { openRawStream } from "./helpers/raw-stream.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, postForm } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const FANOUT = Number(process.env.FANOUT ?? 1000);
const open = { allowAnonymous: true, jwtKey: KEY };

describe(`subscriber stream on ${runtimeName}`, () => {
  test("answers at once with SSE headers and the heartbeat announcement, before any update", async () => {
    await withHub({ ...open, heartbeat: 15_000 }, async ({ endpoint }) => {
      const stream = await openStream(`${endpoint}?topic=a`);
      assert.equal(stream.response.status, 200);
      assert.match(stream.response.headers.get("content-type")!, /^text\/event-stream/);
      assert.match(stream.response.headers.get("cache-control")!, /no-cache/);
      assert.match(stream.response.headers.get("cache-control")!, /no-transform/);
      assert.equal(stream.response.headers.get("x-accel-buffering"), "no");
      await stream.waitForEvent("ssehub-ready");
      assert.ok(stream.text().startsWith(": ssehub heartbeat=15000\n"));
      assert.deepEqual(stream.comments[0], "ssehub heartbeat=15000");
      const ready = stream.events.find((event) => event.type === "ssehub-ready")!;
      assert.deepEqual(JSON.parse(ready.data), { replayed: 0, retained: 0 });
      // The marker carries no id: the last event id stays empty.
      assert.equal(ready.lastEventId, "");
      await stream.close();
    });
  });

  test("the hub's own response has no Connection header", async () => {
    await withHub(open, async ({ hub }) => {
      const response = await hub.fetch(new Request("http://hub.test/.well-known/mercure?topic=a"));
      assert.equal(response.headers.get("connection"), null);
      await response.body!.cancel();
    });
  });

  test("sends a heartbeat comment when the stream is idle for the interval", async () => {
    await withHub({ ...open, heartbeat: 40 }, async ({ endpoint }) => {
      const stream = await openStream(`${endpoint}?topic=a`);
      await waitFor(() => stream.comments.length >= 3, "two heartbeats after the announcement");
      assert.equal(stream.comments[0], "ssehub heartbeat=40");
      await stream.close();
    });
  });

  test("heartbeat 0 announces 0 and sends no heartbeat", async () => {
    await withHub({ ...open, heartbeat: 0 }, async ({ endpoint, hub }) => {
      const stream = await openStream(`${endpoint}?topic=a`);
      await stream.waitForEvent("ssehub-ready");
      await hub.publish({ topics: "a", data: "x" });
      await stream.waitForUpdates(1);
      assert.deepEqual(stream.comments, ["ssehub heartbeat=0"]);
      await stream.close();
    });
  });

  test("multi-line, unicode, empty and 1 MiB data arrive exactly", async () => {
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
        assert.equal(status, 200);
      }
      await hub.publish({ topics: "a", data: big });
      const updates = await stream.waitForUpdates(samples.length);
      assert.deepEqual(
        updates.map((event) => event.data),
        expected,
      );
      await stream.close();
    });
  });

  test("fans out to 1,000 subscribers, as the hub's own gauges show", async () => {
    await withHub(open, async ({ url, hub }) => {
      const streams = await Promise.all(
        Array.from({ length: FANOUT }, (_, i) =>
          openRawStream(url, `/.well-known/mercure?topic=${i % 2 ? "odd" : "even"}&topic=all`),
        ),
      );
      await waitFor(() => hub.stats().connections === FANOUT, `${FANOUT} connections`);
      assert.ok(streams.every((stream) => stream.status() === 200));
      assert.equal(hub.stats().subscriptions, FANOUT * 2);
      assert.deepEqual(hub.stats().subscriptionsByTopic, { all: FANOUT, odd: FANOUT / 2, even: FANOUT / 2 });
      const before = hub.stats().deliveries;
      await hub.publish({ topics: ["all"], data: "to everyone" });
      await hub.publish({ topics: ["odd"], data: "to odd" });
      const received = (i: number) => streams[i]!.events.filter((event) => event.type === "message").length;
      await waitFor(() => streams.every((_, i) => received(i) === (i % 2 ? 2 : 1)), "every delivery");
      assert.equal(hub.stats().deliveries - before, FANOUT * 1.5);
      assert.equal(hub.stats().updatesPublished, 2);
      for (const stream of streams) stream.close();
      await waitFor(() => hub.stats().connections === 0, "all subscribers gone");
      assert.equal(hub.stats().subscriptions, 0);
      assert.equal(hub.stats().queuedBytes, 0);
    });
  });

  test("a client disconnect frees the subscription at once; onSubscribe and onUnsubscribe see it", async () => {
    const joined: SubscriberInfo[] = [];
    const left: string[] = [];
    const hooks = {
      onSubscribe: (s: SubscriberInfo) => joined.push(s),
      onUnsubscribe: (s: SubscriberInfo) => left.push(s.id),
    };
    await withHub({ ...open, ...hooks }, async ({ endpoint, hub }) => {
      const stream = await openStream(`${endpoint}?topic=a&topic=b`);
      await waitFor(() => hub.stats().connections === 1, "the subscriber");
      assert.equal(joined.length, 1);
      assert.deepEqual([joined[0]!.topics, joined[0]!.anonymous, joined[0]!.draft], [["a", "b"], true, 7]);
      await stream.close();
      await waitFor(() => hub.stats().connections === 0, "the subscription freed");
      assert.deepEqual(left, [joined[0]!.id]);
      assert.deepEqual(hub.stats().subscriptionsByTopic, {});
    });
  });

  test("close() sends each subscriber retry: 500–2000 ms, then ends its stream", async () => {
    await withHub(open, async ({ endpoint, hub, server }) => {
      const streams = await Promise.all([1, 2, 3].map(() => openStream(`${endpoint}?topic=a`)));
      await waitFor(() => hub.stats().connections === 3, "3 subscribers");
      await server.close({ timeoutMs: 2000 });
      for (const stream of streams) {
        await stream.waitForEnd();
        assert.equal(stream.retries.length, 1);
        assert.ok(stream.retries[0]! >= 500 && stream.retries[0]! <= 2000, `retry ${stream.retries[0]}`);
      }
      assert.equal(hub.stats().connections, 0);
      const refused = await hub.fetch(new Request("http://hub.test/.well-known/mercure?topic=a"));
      assert.equal(refused.status, 503);
      assert.equal((await hub.fetch(new Request("http://hub.test/readyz"))).status, 503);
    });
  });

  test("size and duration options must be finite, non-negative integers", () => {
    for (const bad of [
      { historySize: Number.POSITIVE_INFINITY },
      { maxQueue: -1 },
      { heartbeat: Number.NaN },
      { historyMaxAge: 1.5 },
    ]) {
      assert.throws(() => createHub(bad), RangeError, JSON.stringify(bad));
    }
  });

  test("the subscriber token's exp ends the stream", async () => {
    await withHub({ jwtKey: KEY }, async ({ endpoint, hub }) => {
      const exp = Math.floor(Date.now() / 1000) + 1;
      const token = await token07({ subscribe: ["*"] }, { exp });
      const stream = await openStream(`${endpoint}?topic=a`, { headers: bearer(token) });
      assert.equal(stream.response.status, 200);
      await stream.waitForEnd(4000);
      assert.equal(hub.stats().connections, 0);
    });
  });
});

function publisher(): Promise<string> {
  return token07({ publish: ["*"] });
}
