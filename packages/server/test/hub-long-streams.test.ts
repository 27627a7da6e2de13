import { describe, expect, it } from "vitest";
import { openRawStream } from "./helpers/raw-stream.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream } from "./helpers/sse.ts";

const open = { allowAnonymous: true, heartbeat: 0 };

describe(`long and large streams over real sockets on ${runtimeName}`, () => {
  it("a stream idle for 11 s (past Bun's default 10 s idle timeout, no heartbeat) stays open and delivers", async () => {
    await withHub(open, async ({ endpoint, hub }) => {
      const stream = await openStream(`${endpoint}?topic=a`);
      await stream.waitForEvent("ssehub-ready");
      // The silence itself is what is tested, so this wait is a fixed span, not a stand-in for a condition.
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      expect(stream.ended(), "the idle stream was closed").toBe(false);
      await hub.publish({ topics: "a", data: "after the silence" });
      expect((await stream.waitForUpdates(1)).map((event) => event.data)).toStrictEqual([
        "after the silence",
      ]);
      await stream.close();
    });
  }, 30_000);

  it("a replay larger than maxQueue while live updates flow: every update once, in order, nobody cut", async () => {
    const data = "r".repeat(2048);
    await withHub({ ...open, maxQueue: 64 * 1024, historySize: 1_000 }, async ({ url, hub }) => {
      const history: string[] = [];
      for (let n = 0; n < 200; n++) history.push(await hub.publish({ topics: "a", data: `${n} ${data}` }));
      const stream = await openRawStream(url, "/.well-known/mercure?topic=a&lastEventID=earliest");
      expect(stream.status()).toBe(200);
      // Live updates while the 400 KiB replay (over six times maxQueue) is still being sent, one per turn of
      // the event loop as a live feed comes (a burst over maxQueue in one turn is a slow consumer by design).
      const live: string[] = [];
      for (let n = 200; n < 250; n++) {
        live.push(await hub.publish({ topics: "a", data: `${n} ${data}` }));
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      const received = () => stream.events.filter((event) => event.type === "message");
      await waitFor(() => received().length >= 250 || stream.ended(), "250 updates or the end", 20_000);
      expect(
        stream.ended(),
        `the subscriber was cut after ${received().length} updates, slow-consumer cuts: ${hub.stats().slowConsumerDisconnects}`,
      ).toBe(false);
      expect(received().map((event) => event.lastEventId)).toStrictEqual([...history, ...live]);
      expect(received().map((event) => event.data.split(" ")[0])).toStrictEqual(
        Array.from({ length: 250 }, (_, n) => String(n)),
      );
      expect(hub.stats().slowConsumerDisconnects).toBe(0);
      stream.close();
    });
  });
});
