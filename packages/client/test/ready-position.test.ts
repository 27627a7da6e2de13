// @ssehub/client against the real hub: the ssehub-ready marker's id is a resume position (`#…`); a
// subscription that received nothing yet resumes from it after a cut, and gets what it missed once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClientUpdate, subscribe } from "../src/index.ts";
import { startHub, type TestHub } from "./helpers/hub.ts";
import { type TcpProxy, tcpProxy } from "./helpers/tcp-proxy.ts";
import { waitFor } from "./helpers/wait.ts";

describe("resuming from the ready marker's position", () => {
  let hub: TestHub;
  let proxy: TcpProxy;

  beforeAll(async () => {
    hub = await startHub();
    proxy = await tcpProxy(hub.port);
  });

  afterAll(async () => {
    await proxy?.close();
    await hub?.close();
  });

  it("a subscription that received no update yet gets exactly the updates published while it was cut", async () => {
    const topic = "https://example.com/feed";
    await hub.hub.publish({ topics: topic, id: "before", data: "old" });
    // Counts the ready markers that reached the client: the cut must come after the first one.
    let readies = 0;
    const watching: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (response.body === null) return response;
      const decoder = new TextDecoder();
      const body = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            readies += decoder.decode(chunk, { stream: true }).split("event: ssehub-ready").length - 1;
            controller.enqueue(chunk);
          },
        }),
      );
      return new Response(body, { status: response.status, headers: response.headers });
    };
    const subscription = subscribe(`http://127.0.0.1:${proxy.port}/.well-known/mercure`, {
      topics: topic,
      backoff: { min: 10, max: 50 },
      fetch: watching,
    });
    const updates: ClientUpdate[] = [];
    let opens = 0;
    subscription.on("update", (update) => updates.push(update));
    subscription.on("open", () => {
      opens++;
    });
    try {
      await waitFor(() => opens === 1 && readies === 1, "the first stream's ready marker");
      const firstHead = proxy.heads.length;
      expect(updates).toEqual([]);
      proxy.cut();
      await waitFor(() => hub.hub.stats().connections === 0, "the cut seen by the hub");
      const missed: string[] = [];
      for (let n = 1; n <= 3; n++) missed.push(await hub.hub.publish({ topics: topic, data: `missed ${n}` }));
      await waitFor(() => updates.length >= 3, "the three missed updates");
      await waitFor(() => readies === 2, "the resumed stream's ready marker");
      // One more live update proves the stream is live and nothing else (no duplicate) came before it.
      const live = await hub.hub.publish({ topics: topic, data: "live" });
      await waitFor(() => updates.length >= 4, "the live update");
      expect(updates.map((update) => update.id)).toEqual([...missed, live]);
      expect(updates.slice(0, 3).every((update) => update.replayed === true)).toBe(true);
      const resumeHead = proxy.heads.slice(firstHead).find((head) => head.startsWith("GET "));
      expect(resumeHead?.toLowerCase()).toMatch(/\r\nlast-event-id: #[a-z0-9]+\.\d+\r\n/);
    } finally {
      subscription.close();
    }
  });
});
