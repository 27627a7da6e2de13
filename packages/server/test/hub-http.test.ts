import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createHub } from "../src/create-hub.ts";
import { mercureDiscovery, mercureLink } from "../src/http/discovery.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, postForm } from "./helpers/sse.ts";
import { bearer, KEY, token07, token08 } from "./helpers/tokens.ts";

const options = { allowAnonymous: true, jwtKey: KEY };

describe(`HTTP surface on ${runtimeName}`, () => {
  it("mounted in a parent Hono app under a path, every route lives under that path", async () => {
    const hub = createHub(options);
    const parent = new Hono();
    parent.get("/", (c) => c.text("parent home"));
    parent.route("/realtime/hub", hub.app);
    await withHub(
      options,
      async ({ url }) => {
        const stream = await openStream(`${url}/realtime/hub/.well-known/mercure?topic=a`);
        expect(stream.response.status).toBe(200);
        await stream.waitForEvent("ssehub-ready");
        const token = bearer(await token07({ publish: ["*"] }));
        const published = await postForm(
          `${url}/realtime/hub/.well-known/mercure`,
          [
            ["topic", "a"],
            ["data", "x"],
          ],
          token,
        );
        expect(published.status).toBe(200);
        expect((await stream.waitForUpdates(1))[0]!.data).toBe("x");
        for (const path of ["healthz", "readyz", "metrics"]) {
          const response = await fetch(`${url}/realtime/hub/${path}`);
          expect(response.status, path).toBe(200);
          await response.body?.cancel();
        }
        const index = await (await fetch(`${url}/realtime/hub`)).text();
        expect(index).toMatch(new RegExp(`${url}/realtime/hub/\\.well-known/mercure`));
        expect(await (await fetch(`${url}/`)).text()).toBe("parent home");
        expect((await fetch(`${url}/healthz`)).status).toBe(404);
        expect((await fetch(`${url}/.well-known/mercure?topic=a`)).status).toBe(404);
        await stream.close();
      },
      { hub, fetch: parent.fetch },
    );
  });

  it("/ names the hub endpoint, or serves indexHtml", async () => {
    await withHub(options, async ({ url, endpoint }) => {
      const page = await fetch(`${url}/`);
      expect(page.headers.get("content-type")!).toMatch(/^text\/plain/);
      expect(await page.text()).toMatch(new RegExp(endpoint.replaceAll(".", "\\.")));
    });
    await withHub({ ...options, indexHtml: "<h1>dashboard</h1>" }, async ({ url }) => {
      const page = await fetch(`${url}/`);
      expect(page.headers.get("content-type")!).toMatch(/^text\/html/);
      expect(await page.text()).toBe("<h1>dashboard</h1>");
    });
  });

  it("/healthz, /readyz and unknown routes (JSON 404)", async () => {
    await withHub(options, async ({ url }) => {
      expect(await (await fetch(`${url}/healthz`)).text()).toBe("ok\n");
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const missing = await fetch(`${url}/nope`);
      expect(missing.status).toBe(404);
      expect((await missing.json()).error).toBe("not-found");
    });
  });

  it("HEAD on the hub endpoint answers the stream's headers and registers no subscriber", async () => {
    await withHub(options, async ({ endpoint, hub }) => {
      const response = await fetch(`${endpoint}?topic=a`, { method: "HEAD" });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type") ?? "").toMatch(/^text\/event-stream/);
      await response.body?.cancel();
      expect(hub.stats().connections).toBe(0);
      const refused = await fetch(`${endpoint}?matchFoo=a`, { method: "HEAD" });
      expect(refused.status).toBe(400);
      const stream = await openStream(`${endpoint}?topic=a`);
      await stream.waitForEvent("ssehub-ready");
      expect(hub.stats().connections).toBe(1);
      await stream.close();
    });
  });

  it("/metrics exposes the hub's figures in Prometheus text", async () => {
    await withHub(options, async ({ url, endpoint, hub }) => {
      const stream = await openStream(`${endpoint}?topic=a&topic=b`);
      await stream.waitForEvent("ssehub-ready");
      await hub.publish({ topics: "a", data: "x" });
      await hub.publish({ topics: "z", data: "y", retain: true });
      await stream.waitForUpdates(1);
      const response = await fetch(`${url}/metrics`);
      expect(response.headers.get("content-type")!).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
      expect(value("ssehub_connections")).toBe(1);
      expect(value("ssehub_subscriptions")).toBe(2);
      expect(value("ssehub_updates_published_total")).toBe(2);
      expect(value("ssehub_deliveries_total")).toBe(1);
      expect(value("ssehub_slow_consumer_disconnects_total")).toBe(0);
      expect(value("ssehub_history_size")).toBe(2);
      expect(value("ssehub_retained_topics")).toBe(1);
      expect(value("ssehub_queued_bytes")).toBe(0);
      expect(text).toMatch(/^# TYPE ssehub_deliveries_total counter$/m);
      await stream.close();
    });
  });

  it("CORS: listed origins are echoed with credentials, others get nothing, * never gets credentials", async () => {
    await withHub({ ...options, corsOrigins: ["https://app.test"] }, async ({ endpoint }) => {
      const preflight = await fetch(endpoint, {
        method: "OPTIONS",
        headers: {
          origin: "https://app.test",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.test");
      expect(preflight.headers.get("access-control-allow-credentials")).toBe("true");
      expect(preflight.headers.get("access-control-allow-headers")!).toMatch(/Authorization/);
      const stream = await openStream(`${endpoint}?topic=a`, { headers: { origin: "https://app.test" } });
      expect(stream.response.headers.get("access-control-allow-origin")).toBe("https://app.test");
      expect(stream.response.headers.get("access-control-allow-credentials")).toBe("true");
      await stream.close();
      const foreign = await fetch(endpoint, {
        method: "OPTIONS",
        headers: { origin: "https://evil.test", "access-control-request-method": "POST" },
      });
      expect(foreign.headers.get("access-control-allow-origin")).toBe(null);
      const foreignGet = await fetch(`${endpoint}?topic=a`, { headers: { origin: "https://evil.test" } });
      expect(foreignGet.headers.get("access-control-allow-origin")).toBe(null);
      await foreignGet.body?.cancel();
    });
    await withHub({ ...options, corsOrigins: ["*"] }, async ({ url }) => {
      const response = await fetch(`${url}/healthz`, { headers: { origin: "https://any.test" } });
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-allow-credentials")).toBe(null);
    });
  });

  it("mercureLink and mercureDiscovery point clients to the hub", async () => {
    expect(mercureLink("https://hub.test/.well-known/mercure")).toBe(
      '<https://hub.test/.well-known/mercure>; rel="mercure"',
    );
    expect(mercureLink("https://hub.test/.well-known/mercure", { self: "https://api.test/books/1" })).toBe(
      '<https://hub.test/.well-known/mercure>; rel="mercure", <https://api.test/books/1>; rel="self"',
    );
    const app = new Hono();
    app.use("/books/*", mercureDiscovery("https://hub.test/.well-known/mercure"));
    app.get("/books/1", (c) => c.json({ id: 1 }));
    const response = await app.request("/books/1");
    expect(response.headers.get("link")).toBe('<https://hub.test/.well-known/mercure>; rel="mercure"');
  });
});

describe(`subscriptions API and events on ${runtimeName}`, () => {
  it("off by default: 404", async () => {
    await withHub(options, async ({ endpoint }) => {
      expect((await fetch(`${endpoint}/subscriptions`)).status).toBe(404);
    });
  });

  it("subscription events (draft-07 and draft-08 shapes) and the JSON-LD list", async () => {
    await withHub({ ...options, subscriptions: true }, async ({ endpoint, hub }) => {
      const watcherToken = bearer(
        await token07({ subscribe: ["/.well-known/mercure/subscriptions{/topic}{/subscriber}"] }),
      );
      const watcher = await openStream(
        `${endpoint}?topic=${encodeURIComponent("/.well-known/mercure/subscriptions{/topic}{/subscriber}")}`,
        {
          headers: watcherToken,
        },
      );
      await watcher.waitForEvent("ssehub-ready");
      const anonymous = await openStream(`${endpoint}?topic=*`);
      await anonymous.waitForEvent("ssehub-ready");
      const books = await openStream(
        `${endpoint}?topic=${encodeURIComponent("https://example.com/books/{id}")}`,
        {
          headers: bearer(await token07({ subscribe: ["x"], payload: { user: "ann" } })),
        },
      );
      await books.waitForEvent("ssehub-ready");
      const d8 = await openStream(
        `${endpoint}?match_urlpattern=${encodeURIComponent("https://example.com/:id")}`,
      );
      await d8.waitForEvent("ssehub-ready");
      // anonymous (1 selector) + books (1) + d8 (1), each announced once.
      const events = await watcher.waitForUpdates(3);
      const documents = events.map((event) => JSON.parse(event.data));
      const forBooks = documents.find((doc) => doc.topic === "https://example.com/books/{id}");
      expect(forBooks.type).toBe("Subscription");
      expect(forBooks.active).toBe(true);
      expect(forBooks.payload).toStrictEqual({ user: "ann" });
      expect(forBooks.subscriber).toMatch(/^urn:uuid:/);
      expect(forBooks.id).toBe(
        `/.well-known/mercure/subscriptions/${encodeURIComponent("https://example.com/books/{id}")}/${encodeURIComponent(forBooks.subscriber)}`,
      );
      const forD8 = events.find((event) => event.type === "mercure")!;
      expect([JSON.parse(forD8.data).match_type, JSON.parse(forD8.data).match]).toStrictEqual([
        "urlpattern",
        "https://example.com/:id",
      ]);
      // Subscription events are private: the anonymous `*` subscriber saw none.
      expect(anonymous.updates().length).toBe(0);

      const apiToken = bearer(await token07({ subscribe: ["*"] }));
      const list = await fetch(`${endpoint}/subscriptions`, { headers: apiToken });
      expect(list.status).toBe(200);
      expect(list.headers.get("content-type")!).toMatch(/^application\/ld\+json/);
      const body = await list.json();
      expect(body.type).toBe("Subscriptions");
      expect(body["@context"]).toBe("https://mercure.rocks/");
      expect(body.subscriptions.length).toBe(4);
      expect(typeof body.lastEventID).toBe("string");
      const one = await fetch(
        `${endpoint}/subscriptions/${encodeURIComponent("https://example.com/books/{id}")}/${encodeURIComponent(forBooks.subscriber)}`,
        { headers: apiToken },
      );
      expect(one.status).toBe(200);
      expect((await one.json()).subscriber).toBe(forBooks.subscriber);
      const missing = await fetch(`${endpoint}/subscriptions/a/urn%3Auuid%3Anone`, { headers: apiToken });
      expect(missing.status).toBe(404);
      expect((await fetch(`${endpoint}/subscriptions`)).status).toBe(401);
      const narrow = bearer(await token08(["subscribe"], [{ match: "https://example.com/1" }]));
      expect((await fetch(`${endpoint}/subscriptions`, { headers: narrow })).status).toBe(403);

      await books.close();
      const ended = await watcher.waitForUpdates(4);
      const last = JSON.parse(ended.at(-1)!.data);
      expect([last.subscriber, last.active]).toStrictEqual([forBooks.subscriber, false]);
      await waitFor(() => hub.stats().connections === 3, "books gone");
      for (const stream of [watcher, anonymous, d8]) await stream.close();
    });
  });
});
