// The platform's own EventSource resumes only from an event id it received. A page that received nothing yet
// still resumes without loss, because the hub's ssehub-ready marker carries a resume position as its id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_SKIP, type Chromium, launchChromium } from "./helpers/browser.ts";
import { startHub, type TestHub } from "./helpers/hub.ts";
import { type TcpProxy, tcpProxy } from "./helpers/tcp-proxy.ts";

interface PageLog {
  messages: { id: string; data: string }[];
  readies: string[];
  errors: number;
}

declare global {
  var sseLog: PageLog;
}

describe.skipIf(BROWSER_SKIP)("native EventSource in Chromium (runs under Node only)", () => {
  let chromium: Chromium;
  let hub: TestHub;
  let proxy: TcpProxy;

  beforeAll(async () => {
    chromium = await launchChromium();
    hub = await startHub();
    proxy = await tcpProxy(hub.port);
  });

  afterAll(async () => {
    await chromium?.close();
    await proxy?.close();
    await hub?.close();
  });

  const log = (): Promise<PageLog> => chromium.page.evaluate(() => globalThis.sseLog);

  async function until(
    what: string,
    condition: (log: PageLog) => boolean,
    timeoutMs = 15_000,
  ): Promise<PageLog> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await log();
      if (condition(current)) return current;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(current)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it("connects, receives nothing, is cut, and gets exactly the three updates published meanwhile, once", async () => {
    const topic = "https://example.com/feed";
    await hub.hub.publish({ topics: topic, id: "public-before", data: "old public" });
    await hub.hub.publish({ topics: topic, id: "private-before", data: "old private", private: true });
    // The page comes from the hub's own origin (through the proxy), so the stream is same-origin.
    const origin = `http://127.0.0.1:${proxy.port}`;
    await chromium.page.goto(`${origin}/`);
    await chromium.page.evaluate(
      (url) => {
        globalThis.sseLog = { messages: [], readies: [], errors: 0 };
        const source = new EventSource(url);
        source.onmessage = (event) =>
          globalThis.sseLog.messages.push({ id: event.lastEventId, data: event.data });
        source.addEventListener("ssehub-ready", (event) => globalThis.sseLog.readies.push(event.lastEventId));
        source.onerror = () => {
          globalThis.sseLog.errors++;
        };
      },
      `${origin}/.well-known/mercure?topic=${encodeURIComponent(topic)}`,
    );
    const connected = await until("the first ssehub-ready", (current) => current.readies.length === 1);
    const readyId = connected.readies[0]!;
    expect(readyId.startsWith("#")).toBe(true);
    expect(["public-before", "private-before", "earliest"]).not.toContain(readyId);
    expect(connected.messages).toEqual([]);

    const headsBefore = proxy.heads.length;
    proxy.cut();
    await until("the error of the cut", (current) => current.errors >= 1);
    const published: string[] = [];
    for (let n = 1; n <= 3; n++)
      published.push(await hub.hub.publish({ topics: topic, data: `missed ${n}` }));

    // The reconnect replays them, then marks its end with a second ready marker; nothing else is published.
    const resumed = await until(
      "the ready marker after the reconnect",
      (current) => current.readies.length === 2,
    );
    expect(resumed.messages).toEqual(published.map((id, i) => ({ id, data: `missed ${i + 1}` })));
    const reconnect = proxy.heads
      .slice(headsBefore)
      .find((head) => head.startsWith("GET /.well-known/mercure"));
    expect(reconnect, "the reconnect request").toBeDefined();
    expect(reconnect!.toLowerCase()).toContain(`last-event-id: ${readyId.toLowerCase()}\r\n`);
  });
});
