import { afterAll, beforeAll, expect, it } from "vitest";
import { BROWSER_SKIP, type Chromium, launchChromium } from "./helpers/browser.ts";
import { browserBundle } from "./helpers/bundle.ts";
import { startHub, type TestHub } from "./helpers/hub.ts";
import { type RawServer, rawServer } from "./helpers/raw-server.ts";

// Issue 13: a page on another origin reads the hub's Retry-After only because the hub exposes it (CORS);
// without it the browser hides the header and the client would retry on its own schedule.

let page: RawServer;
let hub: TestHub;
let chromium: Chromium;
let holder: AbortController;

beforeAll(async () => {
  if (BROWSER_SKIP) return;
  const bundle = await browserBundle(
    'import { subscribe } from "./src/index.ts"; Object.assign(globalThis, { ssehub: { subscribe } });',
    true,
  );
  page = await rawServer((request, response) => {
    if (request.url === "/client.js") {
      response.writeHead(200, { "content-type": "text/javascript" });
      response.end(bundle);
    } else {
      response.writeHead(200, { "content-type": "text/html" });
      response.end('<!doctype html><script type="module" src="/client.js"></script>');
    }
  });
  // One connection at most: while the test holds it, the page's subscribe gets 503 with Retry-After.
  hub = await startHub({ heartbeat: 0, corsOrigins: [page.origin], maxConnections: 1 });
  holder = new AbortController();
  const held = await fetch(`${hub.url}?topic=held`, { signal: holder.signal });
  expect(held.status).toBe(200);
  chromium = await launchChromium();
  await chromium.page.goto(`${page.origin}/`);
  await chromium.page.waitForFunction(() => "ssehub" in globalThis);
}, 60_000);

afterAll(async () => {
  if (BROWSER_SKIP) return;
  holder?.abort();
  await chromium?.close();
  await Promise.all([page?.close(), hub?.close()]);
});

it.skipIf(BROWSER_SKIP)(
  `a cross-origin page's subscription sees the hub's Retry-After (${BROWSER_SKIP || "Chromium"})`,
  async () => {
    const error = await chromium.page.evaluate(async (url) => {
      const { ssehub } = globalThis as unknown as {
        ssehub: {
          subscribe(
            url: string,
            options: object,
          ): {
            on(
              event: "error",
              fn: (error: { code: string; status?: number; retryAfter?: number }) => void,
            ): void;
            close(): void;
          };
        };
      };
      const subscription = ssehub.subscribe(url, { topics: "urn:cors" });
      const first = await new Promise<{ code: string; status?: number; retryAfter?: number }>((resolve) =>
        subscription.on("error", resolve),
      );
      subscription.close();
      return { code: first.code, status: first.status, retryAfter: first.retryAfter };
    }, hub.url);
    expect(error).toEqual({ code: "unavailable", status: 503, retryAfter: 5_000 });
  },
  60_000,
);
