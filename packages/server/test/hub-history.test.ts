import { describe, expect, it } from "vitest";
import { createMemoryBroker } from "../src/core/memory-broker.ts";
import { runtimeName, withHub } from "./helpers/runtime.ts";
import { openStream } from "./helpers/sse.ts";

const open = { allowAnonymous: true, heartbeat: 0 };
const ids = (events: { lastEventId: string }[]): string[] => events.map((event) => event.lastEventId);

describe(`history bounds and idempotency on ${runtimeName}`, () => {
  it("history is bounded by age too: an update older than historyMaxAge is neither replayed nor resumable", async () => {
    // The broker's clock is the test's, so ages are exact, whatever the machine's speed.
    let clock = 1_000_000;
    const broker = createMemoryBroker({ historySize: 100, historyMaxAge: 1_000, now: () => clock });
    await withHub({ ...open, broker }, async ({ endpoint, hub }) => {
      await hub.publish({ topics: "a", id: "old", data: "1" });
      clock += 600;
      await hub.publish({ topics: "a", id: "young", data: "2" });
      clock += 500; // "old" is 1,100 ms old now, "young" 500 ms
      expect(hub.stats().historySize).toBe(1);

      const earliest = await openStream(`${endpoint}?topic=a`, { headers: { "last-event-id": "earliest" } });
      await earliest.waitForEvent("ssehub-ready");
      expect(ids(earliest.updates())).toStrictEqual(["young"]);

      const resumed = await openStream(`${endpoint}?topic=a`, { headers: { "last-event-id": "old" } });
      await resumed.waitForEvent("ssehub-ready");
      expect(resumed.events.map((event) => event.type)).toContain("ssehub-gap");
      expect(ids(resumed.updates())).toStrictEqual([]);
      await Promise.all([earliest.close(), resumed.close()]);
    });
  });

  it("a repeated id is a new update once the first has left the history (by count)", async () => {
    const published: string[] = [];
    await withHub(
      { ...open, historySize: 2, onPublish: (update) => published.push(`${update.id}=${update.data}`) },
      async ({ endpoint, hub }) => {
        const stream = await openStream(`${endpoint}?topic=a`);
        await stream.waitForEvent("ssehub-ready");
        await hub.publish({ topics: "a", id: "x", data: "first" });
        await hub.publish({ topics: "a", id: "y", data: "y" });
        await hub.publish({ topics: "a", id: "x", data: "first" }); // the same update, still held: a duplicate
        await hub.publish({ topics: "a", id: "z", data: "z" }); // evicts x
        await hub.publish({ topics: "a", id: "x", data: "again" });
        const updates = await stream.waitForUpdates(4);
        expect(updates.map((event) => `${event.lastEventId}=${event.data}`)).toStrictEqual([
          "x=first",
          "y=y",
          "z=z",
          "x=again",
        ]);
        expect(published).toStrictEqual(["x=first", "y=y", "z=z", "x=again"]);
        await stream.close();
      },
    );
  });

  it("with historySize 0 nothing is held, so every publish of an id is dispatched", async () => {
    await withHub({ ...open, historySize: 0 }, async ({ endpoint, hub }) => {
      const stream = await openStream(`${endpoint}?topic=a`);
      await stream.waitForEvent("ssehub-ready");
      expect(await hub.publish({ topics: "a", id: "same", data: "1" })).toBe("same");
      expect(await hub.publish({ topics: "a", id: "same", data: "2" })).toBe("same");
      const updates = await stream.waitForUpdates(2);
      expect(updates.map((event) => event.data)).toStrictEqual(["1", "2"]);
      expect(hub.stats().historySize).toBe(0);
      expect(hub.stats().updatesPublished).toBe(2);
      await stream.close();
    });
  });
});
