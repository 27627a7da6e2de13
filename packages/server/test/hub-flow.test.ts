import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createParser } from "@ssehub/protocol";
import { type EndKind, MAX_WRITE, SubscriberStream } from "../src/core/subscriber-stream.ts";
import { createHub } from "../src/create-hub.ts";
import { openRawStream } from "./helpers/raw-stream.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const yieldToIo = () => new Promise((resolve) => setTimeout(resolve, 0));

describe(`flow control on ${runtimeName}`, () => {
  test("a reader that never reads is closed past its queue limit; the others keep receiving", async () => {
    const maxQueue = 256 * 1024;
    await withHub({ allowAnonymous: true, maxQueue }, async ({ url, endpoint, hub }) => {
      const good = await openStream(`${endpoint}?topic=a`);
      const slow = await openRawStream(url, "/.well-known/mercure?topic=a");
      assert.equal(slow.status(), 200);
      slow.socket.pause();
      await good.waitForEvent("ssehub-ready");
      await waitFor(() => hub.stats().connections === 2, "both subscribers");
      const data = "x".repeat(64 * 1024);
      let published = 0;
      let peakQueued = 0;
      while (hub.stats().slowConsumerDisconnects === 0) {
        assert.ok(published < 2000, "the slow reader was never disconnected");
        await hub.publish({ topics: "a", id: `u${published}`, data });
        published++;
        peakQueued = Math.max(peakQueued, hub.stats().queuedBytes);
        await yieldToIo();
      }
      // The hub's accounting saw the queue grow to the limit, then dropped the subscriber and its queue.
      assert.ok(peakQueued > maxQueue / 2, `peak queued ${peakQueued}`);
      assert.equal(hub.stats().connections, 1);
      assert.deepEqual(hub.stats().subscriptionsByTopic, { a: 1 });
      await hub.publish({ topics: "a", id: "after", data: "still live" });
      const updates = await good.waitForUpdates(published + 1, 10_000);
      assert.equal(updates.length, published + 1);
      assert.equal(updates.at(-1)!.data, "still live");
      await waitFor(() => hub.stats().queuedBytes === 0, "the good reader's queue drained");
      const metrics = await (await fetch(`${url}/metrics`)).text();
      assert.match(metrics, /^ssehub_slow_consumer_disconnects_total 1$/m);
      slow.close();
      await good.close();
    });
  });

  test("an eager reader is not cut by a tight loop of updates whose total stays under the limit", async () => {
    const maxQueue = 64 * 1024;
    await withHub({ allowAnonymous: true, maxQueue }, async ({ endpoint, hub }) => {
      const eager = await openStream(`${endpoint}?topic=a`);
      await eager.waitForEvent("ssehub-ready");
      const data = "y".repeat(7 * 1024);
      // 8 updates of 7 KiB plus framing: under 64 KiB in all, published without yielding to I/O, half of
      // them concurrently, so they all wait in the queue together.
      const half = 4;
      const publish = (i: number) => hub.publish({ topics: "a", data: `${i}${data}` });
      await Promise.all(Array.from({ length: half }, (_, i) => publish(i)));
      for (let i = half; i < 2 * half; i++) await publish(i);
      const updates = await eager.waitForUpdates(2 * half, 10_000);
      assert.deepEqual(
        updates.map((update) => update.data.slice(0, -data.length)),
        Array.from({ length: 2 * half }, (_, i) => String(i)),
      );
      assert.equal(hub.stats().slowConsumerDisconnects, 0);
      assert.equal(hub.stats().connections, 1);
      await eager.close();
    });
  });

  test("a slow consumer's stream ends cleanly after the last whole event it was sent", async () => {
    const maxQueue = 128 * 1024;
    await withHub({ allowAnonymous: true, maxQueue }, async ({ url, hub }) => {
      const slow = await openRawStream(url, "/.well-known/mercure?topic=a");
      slow.socket.pause();
      await waitFor(() => hub.stats().connections === 1, "the subscriber");
      const data = "z".repeat(32 * 1024);
      for (let n = 0; hub.stats().slowConsumerDisconnects === 0; n++) {
        assert.ok(n < 2000, "the slow reader was never disconnected");
        await hub.publish({ topics: "a", id: `u${n}`, data });
        await yieldToIo();
      }
      slow.socket.resume();
      await waitFor(() => slow.complete(), "the last chunk of the slow consumer's response", 10_000);
      const ids = slow.events.map((event) => event.lastEventId).filter((id) => id.startsWith("u"));
      assert.ok(ids.length > 0, "it received some updates whole");
      assert.deepEqual(
        ids,
        ids.map((_, i) => `u${i}`),
      );
    });
  });
});

describe("fan-out order", () => {
  test("an update published during a fan-out (a slow consumer's subscription event) is dispatched after it", async () => {
    const hub = createHub({
      allowAnonymous: true,
      subscriptions: true,
      maxQueue: 1024,
      jwtKey: KEY,
      heartbeat: 0,
    });
    const auth = bearer(await token07({ subscribe: ["*"] }));
    const read = (url: string, headers: Record<string, string> = {}) => {
      const ids: string[] = [];
      // Markers carry no id line (the parser repeats the previous id for them): keep "" for them.
      const parser = createParser({
        onEvent: (event) => ids.push(event.type.startsWith("ssehub-") ? "" : event.lastEventId),
      });
      const done = hub.fetch(new Request(url, { headers })).then(async (response) => {
        const reader = response.body!.getReader();
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
          parser.feed(chunk.value);
      });
      return { ids, done };
    };
    // Subscribed first and never read: it overflows during a fan-out below.
    const stuck = await hub.fetch(new Request("http://hub.test/.well-known/mercure?topic=a"));
    const watcher = read("http://hub.test/.well-known/mercure?topic=a&topic=*", auth);
    await waitFor(() => watcher.ids.length > 0, "the watcher reading");
    for (let n = 0; hub.stats().slowConsumerDisconnects === 0; n++) {
      assert.ok(n < 10, "the stuck subscriber was never closed");
      await hub.publish({ topics: "a", id: `big${n}`, data: "x".repeat(4096) });
      await yieldToIo();
    }
    await hub.publish({ topics: "a", id: "after" });
    await waitFor(() => watcher.ids.includes("after"), "the update after");
    const history = read("http://hub.test/.well-known/mercure?topic=*&lastEventID=earliest", auth);
    await waitFor(() => history.ids.includes("after"), "the history replayed");
    const seen = watcher.ids.filter((id) => id !== "");
    const replayed = history.ids.filter((id) => id !== "");
    // Each update once, in the hub's order, the subscription event after the update that caused it.
    assert.equal(new Set(seen).size, seen.length);
    assert.deepEqual(
      seen,
      replayed.filter((id) => seen.includes(id)),
    );
    assert.ok(seen.indexOf("big0") < seen.length - 2, "the stuck subscriber's end event follows big0");
    await hub.close();
    await Promise.all([watcher.done, history.done]);
    // Closing a slow consumer is policy, not an error: its body ends cleanly, without the dropped queue.
    assert.equal((await stuck.body!.getReader().read()).done, true);
  });
});

describe("subscriber queue", () => {
  test("updates waiting for a busy reader leave in one chunk", async () => {
    const meter = { queuedBytes: 0 };
    const queue = new SubscriberStream(meter, () => {});
    const bytes = (text: string) => new TextEncoder().encode(text);
    for (const part of ["one\n", "two\n", "three\n"]) assert.equal(queue.push(bytes(part), 1024), true);
    assert.equal(meter.queuedBytes, 14);
    const reader = queue.stream.getReader();
    const { value } = await reader.read();
    assert.equal(new TextDecoder().decode(value), "one\ntwo\nthree\n");
    assert.equal(meter.queuedBytes, 0);
    // A reader already waiting gets the next push at once, alone.
    const next = reader.read();
    queue.push(bytes("four\n"), 1024);
    assert.equal(new TextDecoder().decode((await next).value), "four\n");
    queue.close(true);
    assert.equal((await reader.read()).done, true);
  });

  test("one write joins at most MAX_WRITE bytes; the rest follows on the next pulls", async () => {
    const queue = new SubscriberStream({ queuedBytes: 0 }, () => {});
    const part = MAX_WRITE / 2 - 1;
    for (let i = 0; i < 3; i++) queue.push(new Uint8Array(part), Number.POSITIVE_INFINITY);
    queue.push(new Uint8Array(MAX_WRITE * 2), Number.POSITIVE_INFINITY);
    const reader = queue.stream.getReader();
    const sizes: number[] = [];
    for (let i = 0; i < 3; i++) sizes.push((await reader.read()).value!.byteLength);
    assert.deepEqual(sizes, [2 * part, part, MAX_WRITE * 2]);
    assert.equal(queue.queuedBytes, 0);
  });

  test("a direct sink gets deferred pushes in one write, and waits for resume() when full", () => {
    const writes: string[] = [];
    let deferred = 0;
    let accepting = true;
    let ended = false;
    const sink = {
      write: (chunk: Uint8Array) => {
        writes.push(new TextDecoder().decode(chunk));
        return accepting;
      },
      end: () => {
        ended = true;
      },
      defer: () => {
        deferred++;
      },
    };
    const queue = new SubscriberStream({ queuedBytes: 0 }, () => {});
    const bytes = (text: string) => new TextEncoder().encode(text);
    queue.push(bytes("hello\n"), Number.POSITIVE_INFINITY);
    queue.attach(sink);
    // What waited before the sink came is written at once.
    assert.deepEqual(writes, ["hello\n"]);
    for (const part of ["a\n", "b\n", "c\n"]) queue.push(bytes(part), 1024);
    assert.equal(deferred, 1, "one deferred flush for the three pushes");
    assert.equal(writes.length, 1);
    accepting = false;
    queue.flushDeferred();
    assert.deepEqual(writes, ["hello\n", "a\nb\nc\n"]);
    // The sink is full: later pushes wait for resume(), with no deferred flush asked for.
    queue.push(bytes("d\n"), 1024);
    queue.push(bytes("e\n"), 1024);
    assert.equal(deferred, 1);
    accepting = true;
    queue.resume();
    assert.deepEqual(writes, ["hello\n", "a\nb\nc\n", "d\ne\n"]);
    queue.close(true, bytes("bye\n"));
    assert.deepEqual(writes.at(-1), "bye\n");
    assert.equal(ended, true);
  });

  test("push reports a queue past its limit", () => {
    const queue = new SubscriberStream({ queuedBytes: 0 }, () => {});
    assert.equal(queue.push(new Uint8Array(60), 100), true);
    assert.equal(queue.push(new Uint8Array(60), 100), false);
  });

  test("cancel() is an abort, close() is a close, and a normal end is not counted as an abort", async () => {
    const ends: EndKind[] = [];
    const aborted = new SubscriberStream({ queuedBytes: 0 }, (kind) => ends.push(kind));
    await aborted.stream.cancel();
    assert.equal(aborted.state, "aborted");
    const closed = new SubscriberStream({ queuedBytes: 0 }, (kind) => ends.push(kind));
    const reader = closed.stream.getReader();
    closed.push(new Uint8Array(3), 10);
    closed.close(true, new Uint8Array(2));
    assert.equal((await reader.read()).value?.byteLength, 5);
    assert.equal((await reader.read()).done, true);
    await reader.cancel();
    assert.equal(closed.state, "closed");
    assert.deepEqual(ends, ["aborted", "closed"]);
  });

  test("a slow-consumer close drops the queue and its bytes from the meter", () => {
    const meter = { queuedBytes: 0 };
    const queue = new SubscriberStream(meter, () => {});
    queue.push(new Uint8Array(500), 100);
    queue.close(false);
    assert.equal(meter.queuedBytes, 0);
    assert.equal(queue.state, "closed");
  });
});
