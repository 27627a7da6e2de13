import type { ServerResponse } from "node:http";
import { signToken } from "@ssehub/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BROWSER_ONLY_NODE, BROWSER_SKIP, type Chromium, launchChromium } from "./helpers/browser.ts";
import { startHub, type TestHub } from "./helpers/hub.ts";
import { type RawServer, rawServer, sse } from "./helpers/raw-server.ts";
import { waitFor } from "./helpers/wait.ts";

// Streams that trip parsers: every chunk is written on its own, a few ms apart.
const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const SCENARIOS: Record<string, (string | Uint8Array)[]> = {
  "split-chunks": [
    "da",
    "ta: hel",
    "lo\n",
    "\ndata: wor",
    "ld\nid: 1\n\n",
    "event: custom\nda",
    "ta: x\n",
    "\n",
  ],
  "crlf-across-chunks": [
    "data: a\r",
    "\ndata: b\r\n\r",
    "\nid: 2\r\n",
    "data: c\r\n\r\n",
    "data: cr\r\r",
    "data: mix\n\r\n",
  ],
  bom: [
    bytes(0xef, 0xbb),
    bytes(0xbf, ...text("data: bom\n\n")),
    "\uFEFFdata: second-bom-is-a-field-name\n\n",
    "data: after\n\n",
  ],
  "utf8-split": [
    bytes(...text("data: caf"), 0xc3),
    bytes(0xa9, 0xe2, 0x82),
    bytes(0xac, 0xf0, 0x9f),
    bytes(0x98, 0x80, 10, 10),
  ],
  "comments-only": [": one\n", ":two\n\n", ":\n", ": three\r\n\r\n"],
  "retry-changes": [
    "retry: 30\n\n",
    "data: r\n\n",
    "retry: x\n\n",
    "retry: 40\n\ndata: s\n\n",
    "retry: 25\n\n",
  ],
  "id-resets": [
    "id: 1\ndata: a\n\n",
    "id\ndata: b\n\n",
    "id: 3\ndata: c\n\n",
    "id: \ndata: d\n\n",
    "id: bad\0nul\ndata: e\n\n",
    "id: 7\ndata: f\n\n",
    "id: 8\n\n",
  ],
  "types-and-data": [
    "event: custom\ndata: 1\n\n",
    "event:\ndata: empty-type\n\n",
    "event: other\n\n",
    "data: after-dropped-type\n\n",
    "data\n\n",
    "data:  two-spaces\n\n",
    "data: a\ndata\ndata: b\n\n",
    "data: unfinished\n",
  ],
};
const TYPES = ["message", "custom", "other"];

interface Seen {
  type: string;
  data: string;
  lastEventId: string;
}

let chromium: Chromium;
let tricky: RawServer;
let hub: TestHub;

async function play(response: ServerResponse, chunks: (string | Uint8Array)[]): Promise<void> {
  sse(response);
  for (const chunk of chunks) {
    response.write(chunk);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  response.end();
}

beforeAll(async () => {
  if (BROWSER_SKIP) return;
  const { browserBundle } = await import("./helpers/bundle.ts");
  const bundle = await browserBundle(
    'import { subscribe, publish } from "./src/index.ts"; Object.assign(globalThis, { ssehub: { subscribe, publish } });',
    true,
  );
  const firstSeen = new Set<string>();
  tricky = await rawServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    if (url.pathname === "/") {
      response.writeHead(200, { "content-type": "text/html" });
      response.end('<!doctype html><script type="module" src="/client.js"></script>');
    } else if (url.pathname === "/client.js") {
      response.writeHead(200, { "content-type": "text/javascript" });
      response.end(bundle);
    } else if (url.pathname.startsWith("/scenario/")) {
      // First request of each client plays the scenario; the reconnect (whose Last-Event-ID is kept in
      // `requests`) gets 204, which ends both EventSource and this client.
      const key = `${url.pathname}?${url.searchParams.get("client")}`;
      const chunks = SCENARIOS[url.pathname.slice("/scenario/".length)] ?? [];
      if (firstSeen.has(key)) {
        response.writeHead(204);
        response.end();
      } else {
        firstSeen.add(key);
        void play(response, chunks);
      }
    } else if (url.pathname === "/ends") sse(response, ["data: once\n\n"], true);
    else response.writeHead(404).end();
  });
  hub = await startHub({
    heartbeat: 0,
    corsOrigins: [tricky.origin],
    authorize: ({ action, request }) =>
      action === "publish" ? request.headers.get("authorization") === "Bearer browser" : undefined,
  });
  chromium = await launchChromium();
  await chromium.page.goto(`${tricky.origin}/`);
  await chromium.page.waitForFunction(() => "ssehub" in globalThis);
});

afterAll(async () => {
  if (BROWSER_SKIP) return;
  await chromium?.close();
  await Promise.all([tricky?.close(), hub?.close()]);
});

function reconnectHeader(scenario: string, client: string): string | undefined {
  const requests = tricky.requests.filter(
    (r) => r.url.startsWith(`/scenario/${scenario}?`) && r.url.includes(`client=${client}`),
  );
  const header = requests[1]?.headers["last-event-id"];
  return typeof header === "string" ? header : undefined;
}

it.skipIf(BROWSER_SKIP)(
  `differential: Chromium's EventSource and this client report the same events and ids ${BROWSER_ONLY_NODE}`,
  async () => {
    const names = Object.keys(SCENARIOS);
    const results = await chromium.page.evaluate(
      async ({ names, types }) => {
        type Row = { type: string; data: string; lastEventId: string };
        const { ssehub } = globalThis as unknown as {
          ssehub: {
            subscribe(
              url: string,
              options: object,
            ): AsyncIterable<{ id: string; type: string; data: string }>;
          };
        };
        const native = (url: string): Promise<Row[]> =>
          new Promise((resolve) => {
            const rows: Row[] = [];
            const source = new EventSource(url);
            const record = (event: MessageEvent): void => {
              rows.push({ type: event.type, data: event.data, lastEventId: event.lastEventId });
            };
            for (const type of types) source.addEventListener(type, record as EventListener);
            source.onerror = () => {
              if (source.readyState === EventSource.CLOSED) resolve(rows);
            };
          });
        const ours = async (url: string): Promise<Row[]> => {
          const rows: Row[] = [];
          const subscription = ssehub.subscribe(url, { topics: "t", backoff: { min: 1, max: 50 } });
          for await (const update of subscription)
            rows.push({ type: update.type, data: update.data, lastEventId: update.id });
          return rows;
        };
        const runs = names.map(async (name) => ({
          name,
          native: await native(`/scenario/${name}?client=native`),
          ours: await ours(`/scenario/${name}?client=ours`),
        }));
        return Promise.all(runs);
      },
      { names, types: TYPES },
    );
    for (const { name, native, ours } of results) {
      expect(ours, `${name}: events`).toStrictEqual(native);
      expect(reconnectHeader(name, "ours"), `${name}: Last-Event-ID on reconnect`).toBe(
        reconnectHeader(name, "native"),
      );
    }
    const all = results.flatMap((r) => r.native as Seen[]);
    expect(all.length >= 20, `the scenarios produce events (${all.length})`).toBeTruthy();
  },
  60_000,
);

it.skipIf(BROWSER_SKIP)(
  `browser build against the real hub: subscribe and publish across origins ${BROWSER_ONLY_NODE}`,
  async () => {
    const result = await chromium.page.evaluate(
      async ({ url }) => {
        const { ssehub } = globalThis as unknown as {
          ssehub: {
            subscribe(
              url: string,
              options: object,
            ): AsyncIterable<{ id: string; data: string; json?: unknown }> & {
              on(event: "open", fn: () => void): () => void;
            };
            publish(url: string, update: object, options: object): Promise<string>;
          };
        };
        const subscription = ssehub.subscribe(url, { topics: "urn:browser", json: true });
        const opened = new Promise<void>((resolve) => subscription.on("open", resolve));
        const first = (async () => {
          for await (const update of subscription) return update;
          return undefined;
        })();
        await opened;
        const id = await ssehub.publish(
          url,
          { topics: "urn:browser", data: { from: "chromium" } },
          { token: "browser" },
        );
        const update = await first;
        return { id, update };
      },
      { url: hub.url },
    );
    expect(result.update?.id).toBe(result.id);
    expect(result.update?.json).toStrictEqual({ from: "chromium" });
  },
  60_000,
);

it.skipIf(BROWSER_SKIP)(
  `browser: coming back online reconnects at once instead of waiting out the backoff ${BROWSER_ONLY_NODE}`,
  async () => {
    const count = (): number => tricky.requests.filter((r) => r.url.startsWith("/ends")).length;
    await chromium.page.evaluate(() => {
      const { ssehub } = globalThis as unknown as {
        ssehub: { subscribe(url: string, options: object): unknown };
      };
      Object.assign(globalThis, {
        waiting: ssehub.subscribe("/ends", { topics: "t", backoff: { min: 600_000, max: 600_000 } }),
      });
    });
    await waitFor(() => count() === 1, "the first connection");
    await chromium.page.waitForFunction(
      () => (globalThis as unknown as { waiting: { state: string } }).waiting.state === "reconnecting",
    );
    await chromium.context.setOffline(true);
    await chromium.context.setOffline(false);
    await waitFor(() => count() === 2, "the reconnect triggered by the online event");
    await chromium.page.evaluate(() =>
      (globalThis as unknown as { waiting: { close(): void } }).waiting.close(),
    );
  },
  60_000,
);

it.skipIf(BROWSER_SKIP)(
  `browser: a page on an allowed CORS origin subscribes with the hub's cookie, credentials included ${BROWSER_ONLY_NODE}`,
  async () => {
    const key = "browser-cookie-test-secret-with-enough-bytes";
    const secured = await startHub({
      allowAnonymous: false,
      jwtKey: key,
      corsOrigins: [tricky.origin],
      heartbeat: 0,
    });
    try {
      const token = await signToken(key, undefined, { subscribe: ["urn:cookie"] });
      // Cookies ignore ports: the one for 127.0.0.1 goes to the hub though the page's origin is another port.
      await chromium.context.addCookies([
        { name: "mercureAuthorization", value: token, domain: "127.0.0.1", path: "/" },
      ]);
      // The page listens with and without credentials; the test publishes once the first is open.
      await chromium.page.evaluate(
        ({ url }) => {
          const within = <T>(what: string, run: (done: (value: T) => void) => void): Promise<T> =>
            new Promise<T>((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 10_000);
              run((value) => {
                clearTimeout(timer);
                resolve(value);
              });
            });
          const withCookie = new EventSource(`${url}?topic=urn:cookie`, { withCredentials: true });
          const withoutCookie = new EventSource(`${url}?topic=urn:cookie`);
          Object.assign(globalThis, {
            cookieOpen: within<boolean>("the open with credentials", (done) => {
              withCookie.onopen = () => done(true);
            }),
            cookieMessage: within<string>("the update", (done) => {
              withCookie.onmessage = (event) => {
                done(event.data);
                withCookie.close();
              };
            }),
            anonymousRefused: within<number>("the refusal without credentials", (done) => {
              withoutCookie.onerror = () => done(withoutCookie.readyState);
            }),
          });
        },
        { url: secured.url },
      );
      await chromium.page.evaluate(
        () => (globalThis as unknown as { cookieOpen: Promise<boolean> }).cookieOpen,
      );
      await secured.hub.publish({ topics: "urn:cookie", data: "for cookie holders" });
      const received = await chromium.page.evaluate(
        () => (globalThis as unknown as { cookieMessage: Promise<string> }).cookieMessage,
      );
      expect(received).toBe("for cookie holders");
      const refusedState = await chromium.page.evaluate(
        () => (globalThis as unknown as { anonymousRefused: Promise<number> }).anonymousRefused,
      );
      expect(refusedState, "EventSource.CLOSED: a 401 is fatal to EventSource").toBe(2);
    } finally {
      await chromium.context.clearCookies();
      await secured.close();
    }
  },
  60_000,
);
