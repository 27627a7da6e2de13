import { EventSource } from "eventsource";
import { describe, expect, it } from "vitest";
import { type ClientUpdate, discover, publish, subscribe } from "../src/index.ts";
import { startHub } from "./helpers/hub.ts";
import { mercureServer } from "./helpers/mercure-server.ts";
import { tcpProxy } from "./helpers/tcp-proxy.ts";
import { waitFor } from "./helpers/wait.ts";

// Issue 13: this client against a hub that is not ssehub, and the most used Node EventSource against ssehub.

function lastEventIdHeader(head: string | undefined): string | undefined {
  return /^last-event-id: *(.*)$/im.exec(head ?? "")?.[1]?.trim();
}

describe("@ssehub/client against a plain Mercure hub (no ssehub events)", () => {
  it("discovers, subscribes, publishes, and resumes through a cut with every update once", async () => {
    const hub = await mercureServer();
    const proxy = await tcpProxy(hub.port);
    try {
      expect(await discover(new URL("/books/1", hub.url).href)).toBe(hub.url);
      const subscription = subscribe(`http://127.0.0.1:${proxy.port}/.well-known/mercure`, {
        topics: "urn:books",
        backoff: { min: 50, max: 50 },
      });
      const received: ClientUpdate[] = [];
      subscription.on("update", (update) => received.push(update));
      await waitFor(() => hub.subscribers === 1, "the subscriber stream");
      const ids: string[] = [];
      for (const n of [1, 2, 3])
        ids.push(await publish(hub.url, { topics: "urn:books", type: "book", data: `b${n}` }));
      await publish(hub.url, { topics: "urn:other", data: "not for us" });
      await waitFor(() => received.length === 3, "the three live updates");
      proxy.cut();
      await waitFor(() => hub.subscribers === 0, "the hub to see the subscriber leave");
      for (const n of [4, 5, 6])
        ids.push(await publish(hub.url, { topics: "urn:books", type: "book", data: `b${n}` }));
      await waitFor(() => received.length >= 6, "the three updates published while away");
      ids.push(await publish(hub.url, { topics: "urn:books", type: "book", data: "b7" }));
      await waitFor(() => received.length >= 7, "the update published after the resume");
      subscription.close();
      expect(received.map((u) => u.id)).toEqual(ids);
      expect(received.map((u) => u.data)).toEqual(["b1", "b2", "b3", "b4", "b5", "b6", "b7"]);
      // No ssehub greeting: the updates carry no retained/replayed flags.
      expect(received.every((u) => u.type === "book" && !("retained" in u) && !("replayed" in u))).toBe(true);
      expect(lastEventIdHeader(proxy.heads[1])).toBe(ids[2]);
    } finally {
      await Promise.all([proxy.close(), hub.close()]);
    }
  });
});

describe("the eventsource package (v5) against ssehub, through a cut", () => {
  // The eventsource package waits its default 3 s before reconnecting (the hub sends no `retry:` until shutdown).

  /** Opens an EventSource on the hub behind a proxy, collecting the ids of its `message` events. */
  async function setUp() {
    const hub = await startHub({ heartbeat: 0 });
    const proxy = await tcpProxy(hub.port);
    const source = new EventSource(`http://127.0.0.1:${proxy.port}/.well-known/mercure?topic=urn:es`);
    const ids: string[] = [];
    let ready = 0;
    source.addEventListener("message", (event) => ids.push(event.lastEventId));
    source.addEventListener("ssehub-ready", () => {
      ready += 1;
    });
    await waitFor(() => ready === 1, "the first ssehub-ready");
    return {
      hub,
      proxy,
      ids,
      publishN: async (n: number): Promise<string[]> => {
        const published: string[] = [];
        for (let i = 0; i < n; i++)
          published.push(await hub.hub.publish({ topics: "urn:es", data: String(i) }));
        return published;
      },
      close: async () => {
        source.close();
        await Promise.all([proxy.close(), hub.close()]);
      },
    };
  }

  it("after an update: the three published while away arrive once, then the live one", async () => {
    const { hub, proxy, ids, publishN, close } = await setUp();
    try {
      const [first] = await publishN(1);
      await waitFor(() => ids.length === 1, "the first update");
      proxy.cut();
      await waitFor(() => hub.hub.stats().connections === 0, "the hub to see the subscriber leave");
      const away = await publishN(3);
      await waitFor(() => proxy.accepted === 2 && ids.length >= 4, "the reconnect's replay");
      const [live] = await publishN(1);
      await waitFor(() => ids.includes(live as string), "the live update after the resume");
      expect(ids).toEqual([first, ...away, live]);
      expect(lastEventIdHeader(proxy.heads[1])).toBe(first);
    } finally {
      await close();
    }
  }, 30_000);

  it("with nothing received yet: the ready position is sent back and the three arrive once", async () => {
    const { hub, proxy, ids, publishN, close } = await setUp();
    try {
      proxy.cut();
      await waitFor(() => hub.hub.stats().connections === 0, "the hub to see the subscriber leave");
      const away = await publishN(3);
      await waitFor(() => proxy.accepted === 2 && ids.length >= 3, "the reconnect's replay");
      const [live] = await publishN(1);
      await waitFor(() => ids.includes(live as string), "the live update after the resume");
      expect(ids).toEqual([...away, live]);
      expect(lastEventIdHeader(proxy.heads[1])).toMatch(/^#/);
    } finally {
      await close();
    }
  }, 30_000);
});
