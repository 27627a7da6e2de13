import { describe, expect, it } from "vitest";
import type { Broker } from "../src/core/broker.ts";
import { createMemoryBroker } from "../src/core/memory-broker.ts";
import { createHub } from "../src/create-hub.ts";
import { serveOnCurrentRuntime } from "../src/runtime/current.ts";
import { openRawStream } from "./helpers/raw-stream.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, postForm } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const open = { allowAnonymous: true, heartbeat: 0, jwtKey: KEY };

/** The memory broker, whose publishes wait at a gate the test opens. */
function gatedBroker(): { broker: Broker; held: () => number; open: () => void } {
  const inner = createMemoryBroker();
  let held = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const broker: Broker = {
    ...inner,
    async publish(update) {
      held++;
      await gate;
      return inner.publish(update);
    },
  };
  return { broker, held: () => held, open: release };
}

/** `promise`, or a failure naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, what: string, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe(`graceful shutdown on ${runtimeName}`, () => {
  it("a publish in flight during close() is acknowledged and delivered; one arriving after is refused with 503", async () => {
    const gated = gatedBroker();
    await withHub({ ...open, broker: gated.broker }, async ({ endpoint, hub }) => {
      const token = bearer(await token07({ publish: ["*"] }));
      const stream = await openStream(`${endpoint}?topic=a`);
      await stream.waitForEvent("ssehub-ready");
      const inFlight = postForm(
        endpoint,
        [
          ["topic", "a"],
          ["id", "in-flight"],
          ["data", "accepted before close"],
        ],
        token,
      );
      await waitFor(() => gated.held() === 1, "the publish to reach the broker");
      const closing = hub.close({ timeoutMs: 10_000 });
      const late = await postForm(
        endpoint,
        [
          ["topic", "a"],
          ["data", "too late"],
        ],
        token,
      );
      expect(late.status).toBe(503);
      expect(JSON.parse(late.body)).toMatchObject({ error: "closing" });
      await expect(hub.publish({ topics: "a", data: "too late" })).rejects.toMatchObject({ status: 503 });
      gated.open();
      const acknowledged = await inFlight;
      expect([acknowledged.status, acknowledged.body]).toStrictEqual([200, "in-flight"]);
      await within(closing, "close()", 10_000);
      await stream.waitForEnd();
      expect(stream.updates().map((event) => `${event.lastEventId}=${event.data}`)).toStrictEqual([
        "in-flight=accepted before close",
      ]);
      expect(stream.retries).toHaveLength(1);
    });
  });

  it("a stream that cannot be flushed is cut at the shutdown timeout, and close() resolves", async () => {
    const hub = createHub({ ...open, maxQueue: 64 * 1024 * 1024 });
    const server = await serveOnCurrentRuntime({ hub, port: 0, host: "127.0.0.1" });
    const stream = await openRawStream(server.url, "/.well-known/mercure?topic=a");
    try {
      expect(stream.status()).toBe(200);
      await waitFor(() => stream.events.some((event) => event.type === "ssehub-ready"), "ssehub-ready");
      // A reader that stopped reading, with more queued than the sockets' buffers hold.
      stream.socket.pause();
      const data = "x".repeat(64 * 1024);
      for (let n = 0; n < 512; n++) await hub.publish({ topics: "a", data });
      await within(server.close({ timeoutMs: 500 }), "server.close({ timeoutMs: 500 })", 10_000);
      stream.socket.resume();
      await waitFor(() => stream.ended(), "the cut connection to close", 10_000);
      expect(stream.complete(), "the body was cut, not ended cleanly").toBe(false);
    } finally {
      stream.close();
    }
  });
});
