import { describe, expect, it } from "vitest";
import { type EndKind, MAX_WRITE, SubscriberStream } from "../src/core/subscriber-stream.ts";

describe("subscriber queue", () => {
  it("updates waiting for a busy reader leave in one chunk", async () => {
    const meter = { queuedBytes: 0, writtenBytes: 0 };
    const queue = new SubscriberStream(meter, () => {});
    const bytes = (text: string) => new TextEncoder().encode(text);
    for (const part of ["one\n", "two\n", "three\n"]) expect(queue.push(bytes(part), 1024)).toBe(true);
    expect(meter.queuedBytes).toBe(14);
    const reader = queue.stream.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe("one\ntwo\nthree\n");
    expect(meter.queuedBytes).toBe(0);
    // A reader already waiting gets the next push at once, alone.
    const next = reader.read();
    queue.push(bytes("four\n"), 1024);
    expect(new TextDecoder().decode((await next).value)).toBe("four\n");
    queue.close(true);
    expect((await reader.read()).done).toBe(true);
  });

  it("one write joins at most MAX_WRITE bytes; the rest follows on the next pulls", async () => {
    const queue = new SubscriberStream({ queuedBytes: 0, writtenBytes: 0 }, () => {});
    const part = MAX_WRITE / 2 - 1;
    for (let i = 0; i < 3; i++) queue.push(new Uint8Array(part), Number.POSITIVE_INFINITY);
    queue.push(new Uint8Array(MAX_WRITE * 2), Number.POSITIVE_INFINITY);
    const reader = queue.stream.getReader();
    const sizes: number[] = [];
    for (let i = 0; i < 3; i++) sizes.push((await reader.read()).value!.byteLength);
    expect(sizes).toStrictEqual([2 * part, part, MAX_WRITE * 2]);
    expect(queue.queuedBytes).toBe(0);
  });

  it("a direct sink gets deferred pushes in one write, and waits for resume() when full", () => {
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
    const queue = new SubscriberStream({ queuedBytes: 0, writtenBytes: 0 }, () => {});
    const bytes = (text: string) => new TextEncoder().encode(text);
    queue.push(bytes("hello\n"), Number.POSITIVE_INFINITY);
    queue.attach(sink);
    // What waited before the sink came is written at once.
    expect(writes).toStrictEqual(["hello\n"]);
    for (const part of ["a\n", "b\n", "c\n"]) queue.push(bytes(part), 1024);
    expect(deferred, "one deferred flush for the three pushes").toBe(1);
    expect(writes.length).toBe(1);
    accepting = false;
    queue.flushDeferred();
    expect(writes).toStrictEqual(["hello\n", "a\nb\nc\n"]);
    // The sink is full: later pushes wait for resume(), with no deferred flush asked for.
    queue.push(bytes("d\n"), 1024);
    queue.push(bytes("e\n"), 1024);
    expect(deferred).toBe(1);
    accepting = true;
    queue.resume();
    expect(writes).toStrictEqual(["hello\n", "a\nb\nc\n", "d\ne\n"]);
    queue.close(true, bytes("bye\n"));
    expect(writes.at(-1)).toStrictEqual("bye\n");
    expect(ended).toBe(true);
  });

  it("push reports a queue past its limit", () => {
    const queue = new SubscriberStream({ queuedBytes: 0, writtenBytes: 0 }, () => {});
    expect(queue.push(new Uint8Array(60), 100)).toBe(true);
    expect(queue.push(new Uint8Array(60), 100)).toBe(false);
  });

  it("bytes pushed past any limit (a replay) do not count against the limit of the live pushes after them", async () => {
    const queue = new SubscriberStream({ queuedBytes: 0, writtenBytes: 0 }, () => {});
    expect(queue.push(new Uint8Array(1000), Number.POSITIVE_INFINITY)).toBe(true);
    expect(queue.push(new Uint8Array(60), 100)).toBe(true);
    expect(queue.push(new Uint8Array(60), 100)).toBe(false);
    // Once the replay left, the live bytes are what counts.
    const fresh = new SubscriberStream({ queuedBytes: 0, writtenBytes: 0 }, () => {});
    const reader = fresh.stream.getReader();
    fresh.push(new Uint8Array(1000), Number.POSITIVE_INFINITY);
    expect((await reader.read()).value?.byteLength).toBe(1000);
    expect(fresh.push(new Uint8Array(60), 100)).toBe(true);
    expect(fresh.push(new Uint8Array(60), 100)).toBe(false);
    await reader.cancel();
  });

  it("cancel() is an abort, close() is a close, and a normal end is not counted as an abort", async () => {
    const ends: EndKind[] = [];
    const aborted = new SubscriberStream({ queuedBytes: 0, writtenBytes: 0 }, (kind) => ends.push(kind));
    await aborted.stream.cancel();
    expect(aborted.state).toBe("aborted");
    const closed = new SubscriberStream({ queuedBytes: 0, writtenBytes: 0 }, (kind) => ends.push(kind));
    const reader = closed.stream.getReader();
    closed.push(new Uint8Array(3), 10);
    closed.close(true, new Uint8Array(2));
    expect((await reader.read()).value?.byteLength).toBe(5);
    expect((await reader.read()).done).toBe(true);
    await reader.cancel();
    expect(closed.state).toBe("closed");
    expect(ends).toStrictEqual(["aborted", "closed"]);
  });

  it("a slow-consumer close drops the queue and its bytes from the meter", () => {
    const meter = { queuedBytes: 0, writtenBytes: 0 };
    const queue = new SubscriberStream(meter, () => {});
    queue.push(new Uint8Array(500), 100);
    queue.close(false);
    expect(meter.queuedBytes).toBe(0);
    expect(queue.state).toBe("closed");
  });
});
