import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type EndKind, MAX_WRITE, SubscriberStream } from "../src/core/subscriber-stream.ts";

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

  test("bytes pushed past any limit (a replay) do not count against the limit of the live pushes after them", async () => {
    const queue = new SubscriberStream({ queuedBytes: 0 }, () => {});
    assert.equal(queue.push(new Uint8Array(1000), Number.POSITIVE_INFINITY), true);
    assert.equal(queue.push(new Uint8Array(60), 100), true);
    assert.equal(queue.push(new Uint8Array(60), 100), false);
    // Once the replay left, the live bytes are what counts.
    const fresh = new SubscriberStream({ queuedBytes: 0 }, () => {});
    const reader = fresh.stream.getReader();
    fresh.push(new Uint8Array(1000), Number.POSITIVE_INFINITY);
    assert.equal((await reader.read()).value?.byteLength, 1000);
    assert.equal(fresh.push(new Uint8Array(60), 100), true);
    assert.equal(fresh.push(new Uint8Array(60), 100), false);
    await reader.cancel();
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
