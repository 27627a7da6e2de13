import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Hono } from "hono";
import { createHub } from "../src/create-hub.ts";
import { mercureDiscovery, mercureLink } from "../src/http/discovery.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, postForm } from "./helpers/sse.ts";
import { bearer, KEY, token07, token08 } from "./helpers/tokens.ts";

const options = { allowAnonymous: true, jwtKey: KEY };

describe(`HTTP surface on ${runtimeName}`, () => {
  test("mounted in a parent Hono app under a path, every route lives under that path", async () => {
    const hub = createHub(options);
    const parent = new Hono();
    parent.get("/", (c) => c.text("parent home"));
    parent.route("/realtime/hub", hub.app);
    await withHub(
      options,
      async ({ url }) => {
        const stream = await openStream(`${url}/realtime/hub/.well-known/mercure?topic=a`);
        assert.equal(stream.response.status, 200);
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
        assert.equal(published.status, 200);
        assert.equal((await stream.waitForUpdates(1))[0]!.data, "x");
        for (const path of ["healthz", "readyz", "metrics"]) {
          const response = await fetch(`${url}/realtime/hub/${path}`);
          assert.equal(response.status, 200, path);
          await response.body?.cancel();
        }
        const index = await (await fetch(`${url}/realtime/hub`)).text();
        assert.match(index, new RegExp(`${url}/realtime/hub/\\.well-known/mercure`));
        assert.equal(await (await fetch(`${url}/`)).text(), "parent home");
        assert.equal((await fetch(`${url}/healthz`)).status, 404);
        assert.equal((await fetch(`${url}/.well-known/mercure?topic=a`)).status, 404);
        await stream.close();
      },
      { hub, fetch: parent.fetch },
    );
  });

  test("/ names the hub endpoint, or serves indexHtml", async () => {
    await withHub(options, async ({ url, endpoint }) => {
      const page = await fetch(`${url}/`);
      assert.match(page.headers.get("content-type")!, /^text\/plain/);
      assert.match(await page.text(), new RegExp(endpoint.replaceAll(".", "\\.")));
    });
    await withHub({ ...options, indexHtml: "<h1>dashboard</h1>" }, async ({ url }) => {
      const page = await fetch(`${url}/`);
      assert.match(page.headers.get("content-type")!, /^text\/html/);
      assert.equal(await page.text(), "<h1>dashboard</h1>");
    });
  });

  test("/healthz, /readyz and unknown routes (JSON 404)", async () => {
    await withHub(options, async ({ url }) => {
      assert.equal(await (await fetch(`${url}/healthz`)).text(), "ok\n");
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      const missing = await fetch(`${url}/nope`);
      assert.equal(missing.status, 404);
      assert.equal((await missing.json()).error, "not-found");
    });
  });

  test("HEAD on the hub endpoint answers the stream's headers and registers no subscriber", async () => {
    await withHub(options, async ({ endpoint, hub }) => {
      const response = await fetch(`${endpoint}?topic=a`, { method: "HEAD" });
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
      await response.body?.cancel();
      assert.equal(hub.stats().connections, 0);
      const refused = await fetch(`${endpoint}?matchFoo=a`, { method: "HEAD" });
      assert.equal(refused.status, 400);
      const stream = await openStream(`${endpoint}?topic=a`);
      await stream.waitForEvent("ssehub-ready");
      assert.equal(hub.stats().connections, 1);
      await stream.close();
    });
  });

  test("/metrics exposes the hub's figures in Prometheus text", async () => {
    await withHub(options, async ({ url, endpoint, hub }) => {
      const stream = await openStream(`${endpoint}?topic=a&topic=b`);
      await stream.waitForEvent("ssehub-ready");
      await hub.publish({ topics: "a", data: "x" });
      await hub.publish({ topics: "z", data: "y", retain: true });
      await stream.waitForUpdates(1);
      const response = await fetch(`${url}/metrics`);
      assert.match(response.headers.get("content-type")!, /^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
      assert.equal(value("ssehub_connections"), 1);
      assert.equal(value("ssehub_subscriptions"), 2);
      assert.equal(value("ssehub_updates_published_total"), 2);
      assert.equal(value("ssehub_deliveries_total"), 1);
      assert.equal(value("ssehub_slow_consumer_disconnects_total"), 0);
      assert.equal(value("ssehub_history_size"), 2);
      assert.equal(value("ssehub_retained_topics"), 1);
      assert.equal(value("ssehub_queued_bytes"), 0);
      assert.match(text, /^# TYPE ssehub_deliveries_total counter$/m);
      await stream.close();
    });
  });

  test("CORS: listed origins are echoed with credentials, others get nothing, * never gets credentials", async () => {
    await withHub({ ...options, corsOrigins: ["https://app.test"] }, async ({ endpoint }) => {
      const preflight = await fetch(endpoint, {
        method: "OPTIONS",
        headers: {
          origin: "https://app.test",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization",
        },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get("access-control-allow-origin"), "https://app.test");
      assert.equal(preflight.headers.get("access-control-allow-credentials"), "true");
      assert.match(preflight.headers.get("access-control-allow-headers")!, /Authorization/);
      const stream = await openStream(`${endpoint}?topic=a`, { headers: { origin: "https://app.test" } });
      assert.equal(stream.response.headers.get("access-control-allow-origin"), "https://app.test");
      assert.equal(stream.response.headers.get("access-control-allow-credentials"), "true");
      await stream.close();
      const foreign = await fetch(endpoint, {
        method: "OPTIONS",
        headers: { origin: "https://evil.test", "access-control-request-method": "POST" },
      });
      assert.equal(foreign.headers.get("access-control-allow-origin"), null);
      const foreignGet = await fetch(`${endpoint}?topic=a`, { headers: { origin: "https://evil.test" } });
      assert.equal(foreignGet.headers.get("access-control-allow-origin"), null);
      await foreignGet.body?.cancel();
    });
    await withHub({ ...options, corsOrigins: ["*"] }, async ({ url }) => {
      const response = await fetch(`${url}/healthz`, { headers: { origin: "https://any.test" } });
      assert.equal(response.headers.get("access-control-allow-origin"), "*");
      assert.equal(response.headers.get("access-control-allow-credentials"), null);
    });
  });

  test("mercureLink and mercureDiscovery point clients to the hub", async () => {
    assert.equal(
      mercureLink("https://hub.test/.well-known/mercure"),
      '<https://hub.test/.well-known/mercure>; rel="mercure"',
    );
    assert.equal(
      mercureLink("https://hub.test/.well-known/mercure", { self: "https://api.test/books/1" }),
      '<https://hub.test/.well-known/mercure>; rel="mercure", <https://api.test/books/1>; rel="self"',
    );
    const app = new Hono();
    app.use("/books/*", mercureDiscovery("https://hub.test/.well-known/mercure"));
    app.get("/books/1", (c) => c.json({ id: 1 }));
    const response = await app.request("/books/1");
    assert.equal(response.headers.get("link"), '<https://hub.test/.well-known/mercure>; rel="mercure"');
  });
});

describe(`subscriptions API and events on ${runtimeName}`, () => {
  test("off by default: 404", async () => {
    await withHub(options, async ({ endpoint }) => {
      assert.equal((await fetch(`${endpoint}/subscriptions`)).status, 404);
    });
  });

  test("subscription events (draft-07 and draft-08 shapes) and the JSON-LD list", async () => {
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
      assert.equal(forBooks.type, "Subscription");
      assert.equal(forBooks.active, true);
      assert.deepEqual(forBooks.payload, { user: "ann" });
      assert.match(forBooks.subscriber, /^urn:uuid:/);
      assert.equal(
        forBooks.id,
        `/.well-known/mercure/subscriptions/${encodeURIComponent("https://example.com/books/{id}")}/${encodeURIComponent(forBooks.subscriber)}`,
      );
      const forD8 = events.find((event) => event.type === "mercure")!;
      assert.deepEqual(
        [JSON.parse(forD8.data).match_type, JSON.parse(forD8.data).match],
        ["urlpattern", "https://example.com/:id"],
      );
      // Subscription events are private: the anonymous `*` subscriber saw none.
      assert.equal(anonymous.updates().length, 0);

      const apiToken = bearer(await token07({ subscribe: ["*"] }));
      const list = await fetch(`${endpoint}/subscriptions`, { headers: apiToken });
      assert.equal(list.status, 200);
      assert.match(list.headers.get("content-type")!, /^application\/ld\+json/);
      const body = await list.json();
      assert.equal(body.type, "Subscriptions");
      assert.equal(body["@context"], "https://mercure.rocks/");
      assert.equal(body.subscriptions.length, 4);
      assert.equal(typeof body.lastEventID, "string");
      const one = await fetch(
        `${endpoint}/subscriptions/${encodeURIComponent("https://example.com/books/{id}")}/${encodeURIComponent(forBooks.subscriber)}`,
        { headers: apiToken },
      );
      assert.equal(one.status, 200);
      assert.equal((await one.json()).subscriber, forBooks.subscriber);
      const missing = await fetch(`${endpoint}/subscriptions/a/urn%3Auuid%3Anone`, { headers: apiToken });
      assert.equal(missing.status, 404);
      assert.equal((await fetch(`${endpoint}/subscriptions`)).status, 401);
      const narrow = bearer(await token08(["subscribe"], [{ match: "https://example.com/1" }]));
      assert.equal((await fetch(`${endpoint}/subscriptions`, { headers: narrow })).status, 403);

      await books.close();
      const ended = await watcher.waitForUpdates(4);
      const last = JSON.parse(ended.at(-1)!.data);
      assert.deepEqual([last.subscriber, last.active], [forBooks.subscriber, false]);
      await waitFor(() => hub.stats().connections === 3, "books gone");
      for (const stream of [watcher, anonymous, d8]) await stream.close();
    });
  });
});
