// Issue 8, limits and abuse controls: selector budgets, shared matchers, per-address connections, publish
// rate, trusted proxies and the public URL. Real sockets through the runtime's own entry point; every cost is
// proved by counting (states, cache entries, bytes), never by timing.
import { compileSelector, countMatchSteps, DEFAULT_SELECTOR_STATE_BUDGET } from "@ssehub/protocol";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/run.ts";
import { SERVE_HELP } from "../src/cli/serve.ts";
import { loadServeConfig } from "../src/config/serve-config.ts";
import { TopicIndex } from "../src/core/topic-index.ts";
import {
  DEFAULT_MAX_CONNECTIONS_PER_IP,
  DEFAULT_PUBLISH_RATE,
  DEFAULT_TRUST_PROXY,
} from "../src/limits/defaults.ts";
import { publisherKey } from "../src/limits/publisher-key.ts";
import { RateLimiter } from "../src/limits/rate-limiter.ts";
import type { HubOptions, Logger } from "../src/types.ts";
import { captureIo } from "./fixtures/cli-io.ts";
import { openRawStream, type RawStream } from "./helpers/raw-stream.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, postForm, type Stream } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const ANONYMOUS: HubOptions = { allowAnonymous: true, jwtKey: KEY };

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** Opens `count` streams on `url`, `batch` at a time, each checked for its 200 and its ready marker. */
async function openMany(url: string, count: number, batch = 50): Promise<Stream[]> {
  const streams: Stream[] = [];
  while (streams.length < count) {
    const size = Math.min(batch, count - streams.length);
    const opened = await Promise.all(Array.from({ length: size }, () => openStream(url)));
    streams.push(...opened);
    for (const stream of opened) expect(stream.response.status).toBe(200);
    await Promise.all(opened.map((stream) => stream.waitForEvent("ssehub-ready", 20_000)));
  }
  return streams;
}

describe(`selector budget per subscribe request on ${runtimeName}`, () => {
  it("refuses 200 templates whose states pass the budget with 400 selector-budget, naming the parameter", async () => {
    await withHub(ANONYMOUS, async ({ endpoint, hub }) => {
      const query = Array.from({ length: 200 }, (_, i) => `topic=${encodeURIComponent(`/t${i}/{+a}/{b}`)}`);
      const refused = await fetch(`${endpoint}?${query.join("&")}`);
      expect(refused.status).toBe(400);
      const body = await json(refused);
      expect(body.error).toBe("selector-budget");
      expect(body.field).toBe("topic");
      expect(hub.stats().connections).toBe(0);
    });
  });

  it("accepts selectors up to 2,000 counted states and refuses one more; a topic's match then costs at most 3 × 2,000 × (length + 1) steps", async () => {
    await withHub(ANONYMOUS, async ({ endpoint }) => {
      const templates: string[] = [];
      let states = 0;
      for (let i = 0; ; i++) {
        const template = `/t${i}/{a}{b}{c}{d}{e}{f}{g}{h}`;
        const cost = compileSelector(template, "template").states;
        if (states + cost > DEFAULT_SELECTOR_STATE_BUDGET) break;
        templates.push(template);
        states += cost;
      }
      const query = (list: string[]) => list.map((t) => `topic=${encodeURIComponent(t)}`).join("&");
      const accepted = await openStream(`${endpoint}?${query(templates)}`);
      expect(accepted.response.status).toBe(200);
      await accepted.close();
      const refused = await fetch(`${endpoint}?${query([...templates, "/over/{a}{b}{c}{d}{e}{f}{g}{h}"])}`);
      expect(refused.status).toBe(400);
      expect((await json(refused)).error).toBe("selector-budget");
      // The steps of matching a hostile topic against everything one subscriber may hold.
      const topic = `/t0/${"a,".repeat(2000)}`;
      const matchers = templates.map((t) => compileSelector(t, "template"));
      const steps = matchers.reduce((sum, matcher) => sum + countMatchSteps(matcher, topic), 0);
      expect(steps).toBeGreaterThan(0);
      expect(steps).toBeLessThanOrEqual(3 * DEFAULT_SELECTOR_STATE_BUDGET * (topic.length + 1));
    });
  });

  it("refuses selectors whose text together passes 8 KiB, though each alone is short", async () => {
    await withHub(ANONYMOUS, async ({ endpoint }) => {
      // Exact selectors cost no states: only the characters add up (9 × 1000 > 8192).
      const query = Array.from({ length: 9 }, (_, i) => `match=${String(i).padEnd(1000, "x")}`);
      const refused = await fetch(`${endpoint}?${query.join("&")}`);
      expect(refused.status).toBe(400);
      expect((await json(refused)).error).toBe("selector-budget");
      const accepted = await openStream(`${endpoint}?${query.slice(0, 8).join("&")}`);
      expect(accepted.response.status).toBe(200);
      await accepted.close();
    });
  });
});

describe(`selector budget per token on ${runtimeName}`, () => {
  it("a token whose grants pass their own budget is refused with 401; one within it is honoured", async () => {
    await withHub({ jwtKey: KEY }, async ({ endpoint }) => {
      const grants = (count: number) => Array.from({ length: count }, (_, i) => String(i).padEnd(1000, "g"));
      const over = await token07({ subscribe: grants(9) });
      const refused = await fetch(`${endpoint}?topic=0`, { headers: bearer(over) });
      expect(refused.status).toBe(401);
      expect((await json(refused)).error).toBe("invalid_token");
      const within = await openStream(`${endpoint}?topic=0`, {
        headers: bearer(await token07({ subscribe: grants(8) })),
      });
      expect(within.response.status).toBe(200);
      await within.close();
    });
  });
});

describe(`shared matchers on ${runtimeName}`, () => {
  it("1,000 subscribers of the same template hold one compiled automaton", async () => {
    await withHub(ANONYMOUS, async ({ url, hub }) => {
      const before = hub.stats().selectorCompilations;
      const path = `/.well-known/mercure?topic=${encodeURIComponent("https://example.com/books/{id}")}`;
      // Raw sockets: a fetch client may cap its connections per host (Bun's allows 256).
      const streams: RawStream[] = [];
      try {
        while (streams.length < 1000) {
          streams.push(...(await Promise.all(Array.from({ length: 50 }, () => openRawStream(url, path)))));
        }
        for (const stream of streams) expect(stream.status()).toBe(200);
        await waitFor(() => hub.stats().connections === 1000, "1,000 connections", 20_000);
        expect(hub.stats().selectorCompilations - before).toBe(1);
        expect(hub.stats().cachedSelectors).toBe(1);
        await hub.publish({ topics: "https://example.com/books/1", data: "to all" });
        const received = () => streams.filter((s) => s.events.some((e) => e.data === "to all")).length;
        await waitFor(() => received() === 1000, "the update on all 1,000 streams", 20_000);
      } finally {
        for (const stream of streams) stream.close();
      }
    });
  }, 120_000);

  it("a different base URL is a different URL pattern; templates and exact selectors ignore it", async () => {
    await withHub(ANONYMOUS, async ({ endpoint, hub }) => {
      const before = hub.stats().selectorCompilations;
      const pattern = encodeURIComponent("/books/:id");
      const a = await openStream(`${endpoint}?match_urlpattern=${pattern}`);
      const b = await openStream(`${endpoint.replace("127.0.0.1", "localhost")}?match_urlpattern=${pattern}`);
      await Promise.all([a.waitForEvent("ssehub-ready"), b.waitForEvent("ssehub-ready")]);
      expect(hub.stats().selectorCompilations - before).toBe(2);
      await Promise.all([a.close(), b.close()]);
    });
  });
});

describe("topic index pattern cache", () => {
  it("is bounded by the bytes of its topic keys as well as by entries", () => {
    const index = new TopicIndex<string>({ entries: 1000, bytes: 64 * 1024 });
    const matcher = Object.assign((topic: string) => topic.endsWith("x"), {
      pattern: "{+any}",
      kind: "template" as const,
      exact: false,
      wildcard: false,
      states: 1,
    });
    index.add(matcher, "member");
    // 100 distinct topics of 4,096 code units each: 800 KiB of keys if nothing bounded them.
    for (let i = 0; i < 100; i++) index.forEachMatch(`${String(i).padStart(4096, "t")}`, () => {});
    expect(index.cachedTopicBytes).toBeLessThanOrEqual(64 * 1024);
    expect(index.cachedTopics).toBe(Math.floor((64 * 1024) / (4096 * 2)));
    for (let i = 0; i < 2000; i++) index.forEachMatch(`short-${i}`, () => {});
    expect(index.cachedTopics).toBe(1000);
  });
});

describe(`connections per client address on ${runtimeName}`, () => {
  it("past maxConnectionsPerIp a subscriber gets 503, Retry-After and too-many-connections-per-ip", async () => {
    await withHub({ ...ANONYMOUS, maxConnectionsPerIp: 2 }, async ({ endpoint, hub }) => {
      const first = await openStream(`${endpoint}?topic=a`);
      const second = await openStream(`${endpoint}?topic=a`);
      const refused = await fetch(`${endpoint}?topic=a`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("5");
      const body = await json(refused);
      expect(body.error).toBe("too-many-connections-per-ip");
      expect(typeof body.message).toBe("string");
      expect(hub.stats().connections).toBe(2);
      await first.close();
      await waitFor(() => hub.stats().connections === 1, "the closed stream to be released");
      const third = await openStream(`${endpoint}?topic=a`);
      expect(third.response.status).toBe(200);
      await Promise.all([second.close(), third.close()]);
    });
  });

  it("without trustProxy a spoofed X-Forwarded-For is ignored: the socket's address is counted", async () => {
    await withHub({ ...ANONYMOUS, maxConnectionsPerIp: 1 }, async ({ endpoint }) => {
      const first = await openStream(`${endpoint}?topic=a`, {
        headers: { "x-forwarded-for": "198.51.100.1" },
      });
      expect(first.response.status).toBe(200);
      const spoofed = await fetch(`${endpoint}?topic=a`, {
        headers: { "x-forwarded-for": "198.51.100.2", forwarded: "for=198.51.100.3" },
      });
      expect(spoofed.status).toBe(503);
      await spoofed.body?.cancel();
      await first.close();
    });
  });

  it("with trustProxy 1 the rightmost forwarded hop is the client; entries left of it are the client's own", async () => {
    await withHub({ ...ANONYMOUS, maxConnectionsPerIp: 1, trustProxy: 1 }, async ({ endpoint }) => {
      const first = await openStream(`${endpoint}?topic=a`, {
        headers: { "x-forwarded-for": "203.0.113.9, 198.51.100.1" },
      });
      expect(first.response.status).toBe(200);
      // The same client behind the proxy, claiming another origin on the left: still 198.51.100.1.
      const same = await fetch(`${endpoint}?topic=a`, {
        headers: { "x-forwarded-for": "192.0.2.77, 198.51.100.1" },
      });
      expect(same.status).toBe(503);
      await same.body?.cancel();
      const other = await openStream(`${endpoint}?topic=a`, {
        headers: { "x-forwarded-for": "198.51.100.2" },
      });
      expect(other.response.status).toBe(200);
      // Forwarded (RFC 7239) when there is no X-Forwarded-For; ports and brackets are not part of the address.
      const viaForwarded = await fetch(`${endpoint}?topic=a`, {
        headers: { forwarded: 'for=192.0.2.1, for="198.51.100.2:4711"' },
      });
      expect(viaForwarded.status).toBe(503);
      await viaForwarded.body?.cancel();
      await Promise.all([first.close(), other.close()]);
    });
  });

  it("the client address reaches the logs: the forwarded one with trustProxy, the socket's without", async () => {
    for (const [trustProxy, expected] of [
      [1, "198.51.100.4"],
      [0, "127.0.0.1"],
    ] as const) {
      const lines: Record<string, unknown>[] = [];
      const record = (_message: string, fields?: Record<string, unknown>) => {
        if (fields !== undefined) lines.push(fields);
      };
      const logger: Logger = { debug: record, info: record, warn: record, error: record };
      await withHub({ ...ANONYMOUS, trustProxy, logger }, async ({ endpoint }) => {
        const stream = await openStream(`${endpoint}?topic=a`, {
          headers: { "x-forwarded-for": "198.51.100.4" },
        });
        await stream.waitForEvent("ssehub-ready");
        await stream.close();
        await waitFor(() => lines.some((fields) => "client" in fields), "the subscriber's log line");
      });
      expect(lines.find((fields) => "client" in fields)?.client).toBe(expected);
    }
  });
});

describe(`publish rate on ${runtimeName}`, () => {
  // One per minute: the second publish within the test is always over the rate, however slow the machine.
  const PER_MINUTE = 1 / 60;

  it("limits each publisher by its token's iss + sub, with 429 and Retry-After; others keep their own rate", async () => {
    await withHub({ jwtKey: KEY, publishRate: PER_MINUTE }, async ({ endpoint }) => {
      const alice = bearer(await token07({ publish: ["*"] }, { sub: "alice" }));
      const aliceAgain = bearer(await token07({ publish: ["*"], payload: 1 }, { sub: "alice" }));
      const bob = bearer(await token07({ publish: ["*"] }, { sub: "bob" }));
      expect((await postForm(endpoint, [["topic", "t"]], alice)).status).toBe(200);
      // Another token of the same subject is the same publisher.
      const limited = await postForm(endpoint, [["topic", "t"]], aliceAgain);
      expect(limited.status).toBe(429);
      expect(JSON.parse(limited.body).error).toBe("rate-limited");
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect((await postForm(endpoint, [["topic", "t"]], bob)).status).toBe(200);
    });
  });

  it("keys a token without sub by the token itself, and a tokenless publish by the client address", async () => {
    const options: HubOptions = {
      jwtKey: KEY,
      publishRate: PER_MINUTE,
      trustProxy: 1,
      // Tokenless publishes allowed by the hook are keyed by the client's address.
      authorize: ({ request }) => (request.headers.has("authorization") ? undefined : true),
    };
    await withHub(options, async ({ endpoint }) => {
      const one = bearer(await token07({ publish: ["*"] }));
      const two = bearer(await token07({ publish: ["*"], payload: "other" }));
      expect((await postForm(endpoint, [["topic", "t"]], one)).status).toBe(200);
      expect((await postForm(endpoint, [["topic", "t"]], one)).status).toBe(429);
      expect((await postForm(endpoint, [["topic", "t"]], two)).status).toBe(200);
      const from = (address: string) => ({ "x-forwarded-for": address });
      expect((await postForm(endpoint, [["topic", "t"]], from("198.51.100.1"))).status).toBe(200);
      expect((await postForm(endpoint, [["topic", "t"]], from("198.51.100.1"))).status).toBe(429);
      expect((await postForm(endpoint, [["topic", "t"]], from("198.51.100.2"))).status).toBe(200);
    });
  });

  it("never limits hub.publish() nor the hub's own subscription events", async () => {
    await withHub(
      { ...ANONYMOUS, publishRate: PER_MINUTE, subscriptions: true },
      async ({ endpoint, hub }) => {
        const publisher = bearer(await token07({ publish: ["*"] }, { sub: "app" }));
        expect((await postForm(endpoint, [["topic", "t"]], publisher)).status).toBe(200);
        expect((await postForm(endpoint, [["topic", "t"]], publisher)).status).toBe(429);
        for (let i = 0; i < 4; i++) await hub.publish({ topics: "t", data: String(i) });
        const streams = await openMany(`${endpoint}?topic=t`, 3);
        await Promise.all(streams.map((stream) => stream.close()));
        // 5 publishes (one over HTTP), then 3 connects and 3 disconnects, each an event the hub publishes itself.
        await waitFor(() => hub.stats().updatesPublished === 11, "11 dispatched updates");
      },
    );
  });
});

describe("publish rate state", () => {
  it("holds at most maxKeys publishers however many distinct ones arrive, each with its own bucket", () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, maxKeys: 100, now: () => now });
    for (let i = 0; i < 10_000; i++) expect(limiter.take(`publisher ${i}`)).toBe(0);
    expect(limiter.keys).toBe(100);
    // A burst of one second's worth, then a wait that the bucket's refill rate decides.
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([0, 0, 1]);
    now += 500;
    expect([limiter.take("a"), limiter.take("a")]).toEqual([0, 1]);
  });

  it("keeps a limited publisher limited however many others arrive: the fullest bucket is the one replaced", () => {
    const now = 0;
    const limiter = new RateLimiter({ perSecond: 2, maxKeys: 100, now: () => now });
    expect([limiter.take("limited"), limiter.take("limited"), limiter.take("limited")]).toEqual([0, 0, 1]);
    // Each of the others spends one of its two tokens: every bucket beside it is fuller than the limited one's.
    for (let i = 0; i < 10_000; i++) expect(limiter.take(`publisher ${i}`)).toBe(0);
    expect(limiter.keys).toBe(100);
    expect(limiter.take("limited")).toBe(1);
  });

  it("gives distinct publishers distinct buckets", () => {
    const limiter = new RateLimiter({ perSecond: 1, now: () => 0 });
    const keys = Array.from({ length: 200 }, (_, i) => `sub publisher ${i}`);
    // Had two keys shared a bucket, the second one's first event would be refused.
    for (const key of keys) expect(limiter.take(key)).toBe(0);
    for (const key of keys) expect(limiter.take(key)).toBe(1);
    expect(limiter.keys).toBe(200);
  });

  it("keys a publisher by iss + sub so that no two pairs share a key, whatever their names", () => {
    const request = { url: "http://hub/.well-known/mercure", headers: new Headers() };
    const client = { address: () => "198.51.100.1" };
    const keyOf = (issuer: string | undefined, subject: string) =>
      publisherKey({ draft: 7, selectors: [], issuer, subject }, request, client);
    const pairs: [string | undefined, string][] = [
      ["a", "bc"],
      ["ab", "c"],
      ["", "abc"],
      [undefined, "abc"],
      [undefined, "iss+sub 1 abc"],
      ["1 a", "bc"],
    ];
    expect(new Set(pairs.map(([issuer, subject]) => keyOf(issuer, subject))).size).toBe(pairs.length);
    // Another grant of the same pair is the same publisher.
    expect(keyOf("a", "bc")).toBe(keyOf("a", "bc"));
  });
});

describe(`public URL on ${runtimeName}`, () => {
  const PUBLIC = "https://hub.example.com";

  it("is the hub's origin for the cookie-publish CSRF check, instead of the request's Host", async () => {
    await withHub({ jwtKey: KEY, publicUrl: PUBLIC }, async ({ endpoint, url }) => {
      const cookie = { cookie: `mercureAuthorization=${await token07({ publish: ["*"] })}` };
      const fromPublic = await postForm(endpoint, [["topic", "t"]], { ...cookie, origin: PUBLIC });
      expect(fromPublic.status).toBe(200);
      // The origin a Host header names is no longer the hub's own.
      const fromHost = await postForm(endpoint, [["topic", "t"]], { ...cookie, origin: url });
      expect(fromHost.status).toBe(401);
    });
  });

  it("is the base of relative selectors, so a topic under the request's Host does not match them", async () => {
    await withHub({ ...ANONYMOUS, publicUrl: PUBLIC }, async ({ endpoint, url, hub }) => {
      const stream = await openStream(`${endpoint}?match_urlpattern=${encodeURIComponent("/books/:id")}`);
      await stream.waitForEvent("ssehub-ready");
      await hub.publish({ topics: `${url}/books/1`, data: "under the request's host" });
      await hub.publish({ topics: `${PUBLIC}/books/2`, data: "under the public origin" });
      await hub.publish({ topics: "/books/3", data: "relative" });
      const updates = await stream.waitForUpdates(2);
      expect(updates.map((update) => update.data)).toEqual(["under the public origin", "relative"]);
      await stream.close();
    });
  });

  it("is refused when it is not an http(s) origin", async () => {
    const { createHub } = await import("../src/create-hub.ts");
    expect(() => createHub({ publicUrl: "https://hub.example.com/path" })).toThrow(/publicUrl/);
    expect(() => createHub({ publicUrl: "ftp://hub.example.com" })).toThrow(/publicUrl/);
  });
});

describe("limit flags of ssehub serve", () => {
  it("each flag and its SSEHUB_* twin reach the hub options; the defaults are createHub's", () => {
    const config = loadServeConfig([
      "--max-connections-per-ip=3",
      "--publish-rate=30/m",
      "--trust-proxy=2",
      "--public-url=https://hub.example.com",
    ]);
    expect(config.hub).toMatchObject({
      maxConnectionsPerIp: 3,
      publishRate: 0.5,
      trustProxy: 2,
      publicUrl: "https://hub.example.com",
    });
    const fromEnv = loadServeConfig([], {
      env: {
        SSEHUB_MAX_CONNECTIONS_PER_IP: "4",
        SSEHUB_PUBLISH_RATE: "10/s",
        SSEHUB_TRUST_PROXY: "1",
        SSEHUB_PUBLIC_URL: "http://localhost:8080",
      },
    });
    expect(fromEnv.hub).toMatchObject({
      maxConnectionsPerIp: 4,
      publishRate: 10,
      trustProxy: 1,
      publicUrl: "http://localhost:8080",
    });
    const defaults = loadServeConfig([]).hub;
    expect([defaults.maxConnectionsPerIp, defaults.publishRate, defaults.trustProxy]).toEqual([
      DEFAULT_MAX_CONNECTIONS_PER_IP,
      DEFAULT_PUBLISH_RATE,
      DEFAULT_TRUST_PROXY,
    ]);
    expect(SERVE_HELP).toMatch(/--publish-rate N\/s/);
  });

  it("a bad rate or public URL exits 2 naming the flag", async () => {
    for (const [argv, message] of [
      [["--publish-rate", "fast"], /--publish-rate: "fast" is not a rate/],
      [["--public-url", "https://hub.example.com/hub"], /--public-url: .* must be an origin only/],
    ] as const) {
      const io = captureIo();
      expect(await run(["serve", ...argv], io)).toBe(2);
      expect(io.err).toMatch(message);
    }
  });

  it("warns at start-up when listening beyond loopback with no connection limit", async () => {
    const started = async (argv: string[]) => {
      const shutdown = new AbortController();
      const io = Object.assign(captureIo(), { shutdown: shutdown.signal });
      const running = run(["serve", "--port", "0", "--jwt-key", KEY, "--log-level", "warn", ...argv], io);
      await waitFor(() => io.out.includes("listening on"), "the start-up banner");
      shutdown.abort();
      expect(await running).toBe(0);
      return io.err;
    };
    // Bound on every interface for the moment of the check; no traffic is sent to it.
    expect(await started(["--host", "0.0.0.0"])).toMatch(/no connection limit/);
    expect(await started(["--host", "0.0.0.0", "--max-connections", "1000"])).not.toMatch(/connection limit/);
    expect(await started(["--host", "127.0.0.1"])).not.toMatch(/connection limit/);
  }, 30_000);
});
