import { createParser } from "@ssehub/protocol";
import { describe, expect, it } from "vitest";
import { createHub } from "../src/create-hub.ts";
import { openRawStream } from "./helpers/raw-stream.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const yieldToIo = () => new Promise((resolve) => setTimeout(resolve, 0));

describe(`flow control on ${runtimeName}`, () => {
  it("a reader that never reads is closed past its queue limit; the others keep receiving", async () => {
    const maxQueue = 256 * 1024;
    await withHub({ allowAnonymous: true, maxQueue }, async ({ url, endpoint, hub }) => {
      const good = await openStream(`${endpoint}?topic=a`);
      const slow = await openRawStream(url, "/.well-known/mercure?topic=a");
      expect(slow.status()).toBe(200);
      slow.socket.pause();
      await good.waitForEvent("ssehub-ready");
      await waitFor(() => hub.stats().connections === 2, "both subscribers");
      const data = "x".repeat(64 * 1024);
      let published = 0;
      let peakQueued = 0;
      while (hub.stats().slowConsumerDisconnects === 0) {
        expect(published < 2000, "the slow reader was never disconnected").toBeTruthy();
        await hub.publish({ topics: "a", id: `u${published}`, data });
        published++;
        peakQueued = Math.max(peakQueued, hub.stats().queuedBytes);
        await yieldToIo();
      }
      // The hub's accounting saw the queue grow to the limit, then dropped the subscriber and its queue.
      expect(peakQueued > maxQueue / 2, `peak queued ${peakQueued}`).toBeTruthy();
      expect(hub.stats().connections).toBe(1);
      expect(hub.stats().subscriptionsByTopic).toStrictEqual({ a: 1 });
      await hub.publish({ topics: "a", id: "after", data: "still live" });
      const updates = await good.waitForUpdates(published + 1, 10_000);
      expect(updates.length).toBe(published + 1);
      expect(updates.at(-1)!.data).toBe("still live");
      await waitFor(() => hub.stats().queuedBytes === 0, "the good reader's queue drained");
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^ssehub_slow_consumer_disconnects_total 1$/m);
      slow.close();
      await good.close();
    });
  });

  it("an eager reader is not cut by a tight loop of updates whose total stays under the limit", async () => {
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
      expect(updates.map((update) => update.data.slice(0, -data.length))).toStrictEqual(
        Array.from({ length: 2 * half }, (_, i) => String(i)),
      );
      expect(hub.stats().slowConsumerDisconnects).toBe(0);
      expect(hub.stats().connections).toBe(1);
      await eager.close();
    });
  });

  it("a slow consumer's stream ends cleanly after the last whole event it was sent", async () => {
    const maxQueue = 128 * 1024;
    await withHub({ allowAnonymous: true, maxQueue }, async ({ url, hub }) => {
      const slow = await openRawStream(url, "/.well-known/mercure?topic=a");
      slow.socket.pause();
      await waitFor(() => hub.stats().connections === 1, "the subscriber");
      const data = "z".repeat(32 * 1024);
      for (let n = 0; hub.stats().slowConsumerDisconnects === 0; n++) {
        expect(n < 2000, "the slow reader was never disconnected").toBeTruthy();
        await hub.publish({ topics: "a", id: `u${n}`, data });
        await yieldToIo();
      }
      slow.socket.resume();
      await waitFor(() => slow.complete(), "the last chunk of the slow consumer's response", 10_000);
      const ids = slow.events.map((event) => event.lastEventId).filter((id) => id.startsWith("u"));
      expect(ids.length > 0, "it received some updates whole").toBeTruthy();
      expect(ids).toStrictEqual(ids.map((_, i) => `u${i}`));
    });
  });
});

describe("fan-out order", () => {
  it("an update published during a fan-out (a slow consumer's subscription event) is dispatched after it", async () => {
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
      expect(n < 10, "the stuck subscriber was never closed").toBeTruthy();
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
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toStrictEqual(replayed.filter((id) => seen.includes(id)));
    expect(
      seen.indexOf("big0") < seen.length - 2,
      "the stuck subscriber's end event follows big0",
    ).toBeTruthy();
    await hub.close();
    await Promise.all([watcher.done, history.done]);
    // Closing a slow consumer is policy, not an error: its body ends cleanly, without the dropped queue.
    expect((await stuck.body!.getReader().read()).done).toBe(true);
  });
});
