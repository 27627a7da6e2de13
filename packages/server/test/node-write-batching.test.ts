// On Node, a subscriber's updates are written by the hub's own sink (runtime/node-direct.ts), at a moment
// WriteBatching chooses: at the end of each callback while requests all come on one connection, after the
// batch of I/O otherwise. Over real sockets: a lone sequential publisher gets its updates written within its own
// callback, and publishers posting together get theirs joined, one write per batch. Which moment a write was made at
// is read from its stack (Node's check phase runs `processImmediate`); the writes are counted, not timed.

import { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "./helpers/raw-request.ts";
import { openRawStream, type RawStream } from "./helpers/raw-stream.ts";
import { runtimeName, type TestHub, waitFor, withHub } from "./helpers/runtime.ts";

/** The status of every answer in a connection's text so far, in order (each starts right after the last body). */
const statuses = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));

/** A keep-alive raw connection posting form publishes one at a time. */
async function rawPublisher(url: string) {
  const connection = await rawRequest(url, "");
  const { host } = new URL(url);
  let posted = 0;
  return {
    /** Writes the request at once (synchronously, to the kernel); resolves with its answer's status. */
    async post(data: string): Promise<number> {
      const body = `topic=batching&data=${data}`;
      connection.write(
        `POST /.well-known/mercure HTTP/1.1\r\nHost: ${host}\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      const nth = ++posted;
      await waitFor(() => statuses(connection.received()).length >= nth, `the answer to publish ${nth}`);
      return statuses(connection.received())[nth - 1]!;
    },
    close: () => connection.close(),
  };
}

interface SubscriberWrite {
  /** Updates of this test in the write. */
  updates: number;
  /** Made in the event loop's check phase, after the batch of I/O. */
  afterIo: boolean;
}

describe.skipIf(runtimeName !== "node")("Node: when subscriber writes are made", () => {
  const writes: SubscriberWrite[] = [];
  const write = ServerResponse.prototype.write;
  const stackLimit = Error.stackTraceLimit;

  beforeAll(() => {
    Error.stackTraceLimit = 50;
    // Counts, then makes, every write to a subscriber response that carries this test's updates.
    ServerResponse.prototype.write = function (this: ServerResponse, ...args: unknown[]) {
      const [chunk] = args;
      if (chunk instanceof Uint8Array) {
        const updates = new TextDecoder().decode(chunk).match(/^data: n-/gm)?.length ?? 0;
        if (updates > 0) {
          writes.push({ updates, afterIo: new Error().stack?.includes("processImmediate") === true });
        }
      }
      return (write as (...all: unknown[]) => boolean).apply(this, args);
    } as typeof write;
  });

  afterAll(() => {
    ServerResponse.prototype.write = write;
    Error.stackTraceLimit = stackLimit;
  });

  it("a lone sequential publisher is written within its callback; publishers together join again", async () => {
    await withHub({ allowAnonymous: true, authorize: () => true, heartbeat: 0 }, async (t: TestHub) => {
      let stream: RawStream | undefined;
      const publishers: Awaited<ReturnType<typeof rawPublisher>>[] = [];
      try {
        stream = await openRawStream(t.url, "/.well-known/mercure?topic=batching");
        await waitFor(() => stream!.events.some((e) => e.type === "ssehub-ready"), "the subscriber's ready");
        for (let i = 0; i < 7; i++) publishers.push(await rawPublisher(t.url));

        // A lone publisher, one publish at a time: once its requests are the last 8, writes come at once.
        const sequential = 40;
        for (let i = 0; i < sequential; i++) expect(await publishers[0]!.post(`n-${i}`)).toBe(200);
        await waitFor(() => writes.length === sequential, `${sequential} subscriber writes`);
        expect(writes.every((w) => w.updates === 1)).toBe(true);
        // The subscriber's own request was the last on another connection: the first 7 publishes are deferred.
        expect(writes.map((w) => w.afterIo)).toStrictEqual([
          ...Array<boolean>(7).fill(true),
          ...Array<boolean>(sequential - 7).fill(false),
        ]);

        // Seven publishers posting together: their requests reach the hub in one batch of I/O, where their
        // updates join into one write.
        const bursts = 10;
        for (let b = 0; b < bursts; b++) {
          const answers = await Promise.all(publishers.map((p, i) => p.post(`n-${sequential + 7 * b + i}`)));
          expect(answers.every((status) => status === 200)).toBe(true);
        }
        const total = sequential + 7 * bursts;
        await waitFor(
          () => stream!.events.filter((e) => e.data.startsWith("n-")).length === total,
          "every update",
        );
        expect(writes.reduce((sum, w) => sum + w.updates, 0)).toBe(total);
        // The burst's first request came on the lone publisher's connection, still written at once; from the
        // second on, deferred: the rest of the burst, then each burst whole.
        expect(writes.slice(sequential)).toStrictEqual([
          { updates: 1, afterIo: false },
          { updates: 6, afterIo: true },
          ...Array(bursts - 1).fill({ updates: 7, afterIo: true }),
        ]);

        // Every update once; each publisher's in the order it posted them.
        const received = stream.events
          .filter((e) => e.data.startsWith("n-"))
          .map((e) => Number(e.data.slice(2)));
        expect(new Set(received).size).toBe(total);
        expect(received.slice(0, sequential)).toStrictEqual([...Array(sequential).keys()]);
        for (let i = 0; i < 7; i++) {
          const own = received.filter((n) => n >= sequential && (n - sequential) % 7 === i);
          expect(own).toStrictEqual([...own].sort((a, b) => a - b));
        }
      } finally {
        stream?.close();
        for (const publisher of publishers) publisher.close();
      }
    });
  });
});
