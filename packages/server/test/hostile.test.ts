// Each case of the hostile-input review of the hub's HTTP surface (issue 8), over real sockets through the
// runtime's own entry point: work before authentication, ids and types, dot segments in topics, topic limits,
// key material taken as a secret, and the smaller findings.

import { Hono } from "hono";
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { keyMaterialShape } from "../src/auth/secret-shape.ts";
import { run } from "../src/cli/run.ts";
import { loadServeConfig } from "../src/config/serve-config.ts";
import { createMemoryBroker } from "../src/core/memory-broker.ts";
import { DEFAULT_MAX_TOPIC_LENGTH, DEFAULT_MAX_TOPICS_PER_UPDATE } from "../src/core/topic-limits.ts";
import { createHub } from "../src/create-hub.ts";
import { MAX_JSON_DEPTH } from "../src/http/json-depth.ts";
import type { HubOptions, SubscriberInfo } from "../src/types.ts";
import { captureIo } from "./fixtures/cli-io.ts";
import { cliSkip, startCli } from "./fixtures/cli-process.ts";
import { rawRequest } from "./helpers/raw-request.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, postForm, postJson } from "./helpers/sse.ts";
import { bearer, KEY, token07, token08 } from "./helpers/tokens.ts";

const options: HubOptions = { allowAnonymous: true, jwtKey: KEY };

async function publisher(): Promise<Record<string, string>> {
  return bearer(await token07({ publish: ["*"] }));
}

async function errorOf(response: { status: number; body: string }) {
  return { status: response.status, ...(JSON.parse(response.body) as { error: string; field?: string }) };
}

describe(`finding 3: nothing is read or compiled before a presented token is verified (${runtimeName})`, () => {
  it("a publish with a bad token is refused with 401 before its body is read", async () => {
    await withHub(options, async ({ endpoint }) => {
      const { host, pathname } = new URL(endpoint);
      // The body never comes: a hub that reads it first answers nothing until the client gives up.
      const request = await rawRequest(
        endpoint,
        `POST ${pathname} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer not.a.token\r\n` +
          "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{",
      );
      try {
        expect(await request.status()).toBe(401);
      } finally {
        request.close();
      }
    });
  });

  it("a publish without a token (and no authorize hook that could allow it) is 401 before its body is read", async () => {
    await withHub(options, async ({ endpoint }) => {
      const { host, pathname } = new URL(endpoint);
      const request = await rawRequest(
        endpoint,
        `POST ${pathname} HTTP/1.1\r\nHost: ${host}\r\n` +
          "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\ntopic=a",
      );
      try {
        expect(await request.status()).toBe(401);
      } finally {
        request.close();
      }
    });
  });

  it("a subscribe with a bad token is 401 before its selectors are compiled", async () => {
    await withHub(options, async ({ endpoint }) => {
      // A selector the hub refuses (a group with its own regular expression): 400 if it were compiled first.
      const response = await fetch(`${endpoint}?match_urlpattern=${encodeURIComponent("/a/:id(\\d+)")}`, {
        headers: bearer("not.a.token"),
      });
      expect(response.status).toBe(401);
      expect((await response.json()).error).toBe("invalid_token");
    });
  });

  it("the authorize hook is not called for a bad token, and gets the parsed topics otherwise", async () => {
    const calls: string[][] = [];
    const authorize: HubOptions["authorize"] = ({ topics }) => {
      calls.push(topics);
      return undefined;
    };
    await withHub({ ...options, authorize }, async ({ endpoint }) => {
      const fields: [string, string][] = [["topic", "https://example.com/a"]];
      const bad = await postForm(endpoint, fields, bearer("not.a.token"));
      expect(bad.status).toBe(401);
      const subscribe = await fetch(`${endpoint}?topic=x`, { headers: bearer("not.a.token") });
      expect(subscribe.status).toBe(401);
      await subscribe.body?.cancel();
      expect(calls).toEqual([]);
      const good = await postForm(endpoint, fields, await publisher());
      expect(good.status).toBe(200);
      expect(calls).toEqual([["https://example.com/a"]]);
    });
  });

  it("with no key for the action, an authorize hook alone judges the bearer (an application's own scheme)", async () => {
    const authorize: HubOptions["authorize"] = ({ request }) =>
      request.headers.get("authorization") === "Bearer app-secret";
    const fields: [string, string][] = [["topic", "a"]];
    await withHub({ allowAnonymous: true, authorize }, async ({ endpoint }) => {
      expect((await postForm(endpoint, fields, bearer("app-secret"))).status).toBe(200);
      expect((await postForm(endpoint, fields, bearer("other"))).status).toBe(403);
    });
    // With a key the hub verifies every token it is shown first: this one is not a token of its key.
    await withHub({ ...options, authorize }, async ({ endpoint }) => {
      expect((await postForm(endpoint, fields, bearer("app-secret"))).status).toBe(401);
    });
  });

  it("a publish over the topic limit with a bad token is 401, not 400", async () => {
    await withHub({ ...options, maxTopicsPerUpdate: 1 }, async ({ endpoint }) => {
      const fields: [string, string][] = [
        ["topic", "a"],
        ["topic", "b"],
      ];
      expect((await postForm(endpoint, fields, bearer("not.a.token"))).status).toBe(401);
      expect((await errorOf(await postForm(endpoint, fields, await publisher()))).error).toBe(
        "too-many-topics",
      );
    });
  });

  it.skipIf(runtimeName !== "node")(
    "Node's server cuts a request whose headers never end, but not an idle subscriber stream (Node only)",
    async () => {
      await withHub(
        options,
        async ({ endpoint, hub }) => {
          const stream = await openStream(`${endpoint}?topic=a`);
          await stream.waitForEvent("ssehub-ready");
          const { host } = new URL(endpoint);
          const slow = await rawRequest(endpoint, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `);
          // The stream is older than the slow request, so it has passed the timeouts too by then.
          await waitFor(() => slow.closed(), "the server to cut the request whose headers never end");
          await hub.publish({ topics: "a", data: "still open" });
          expect((await stream.waitForUpdates(1))[0]!.data).toBe("still open");
          expect(stream.ended()).toBe(false);
          await stream.close();
        },
        { headersTimeout: 200, requestTimeout: 400 },
      );
    },
  );
});

// C0, DEL, C1 and format (Cf) characters: soft hyphen, zero-width space, LRM, LRI, BOM, a language tag.
const INVISIBLE = [
  "\u0001",
  "\u001f",
  "\u007f",
  "\u0080",
  "\u009f",
  "\u00ad",
  "\u200b",
  "\u200e",
  "\u2066",
].concat(["\ufeff", "\u{e0001}"]);

describe(`finding 4: control and format characters in ids and types (${runtimeName})`, () => {
  it("an id or a type with a control or format character is refused with 400 naming the field", async () => {
    await withHub(options, async ({ endpoint, hub }) => {
      const token = await publisher();
      for (const char of INVISIBLE) {
        for (const field of ["id", "type"]) {
          const refused = await errorOf(
            await postForm(
              endpoint,
              [
                ["topic", "a"],
                [field, `x${char}y`],
              ],
              token,
            ),
          );
          expect({ char: JSON.stringify(char), ...refused }).toMatchObject({ status: 400, field });
          await expect(hub.publish({ topics: "a", [field]: `x${char}y` })).rejects.toMatchObject({
            status: 400,
            field,
          });
        }
      }
    });
  });

  it("a subscriber whose response fails after it was registered is released", async () => {
    // A broker shared with an older hub may still hold an id that makes a response header invalid.
    const broker = createMemoryBroker();
    await broker.publish({ topics: ["a"], data: "old", id: "legacy\u0001id", private: false, retain: false });
    await withHub({ ...options, broker }, async ({ endpoint, hub }) => {
      expect(hub.stats().connections).toBe(0);
      const { host, pathname } = new URL(endpoint);
      const query = `?topic=a&lastEventID=${encodeURIComponent("legacy\u0001id")}`;
      for (let i = 0; i < 3; i++) {
        // Raw, as a fetch client may refuse the response (Bun's does when the runtime sends the header as is).
        const request = await rawRequest(
          endpoint,
          `GET ${pathname}${query} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
        );
        await request.status();
        request.close();
      }
      await waitFor(() => hub.stats().connections === 0, "every subscriber to be released", 3000);
    });
  });
  it("a subscriber whose response a parent app's middleware replaces is released", async () => {
    const hub = createHub(options);
    const parent = new Hono();
    parent.use("*", async (c, next) => {
      await next();
      if (c.req.query("replace") !== undefined) c.res = new Response("replaced", { status: 418 });
    });
    parent.route("/", hub.app);
    await withHub(
      options,
      async ({ endpoint }) => {
        for (let i = 0; i < 3; i++) {
          const response = await fetch(`${endpoint}?topic=a&replace`);
          expect(await response.text()).toBe("replaced");
        }
        await waitFor(() => hub.stats().connections === 0, "every subscriber to be released", 3000);
      },
      { hub, fetch: parent.fetch },
    );
  });
});

describe(`finding 5: one topic, one meaning (${runtimeName})`, () => {
  const ALICE = "https://example.com/users/alice";
  const BOB = "https://example.com/users/bob";

  async function crossTenant(
    publisherToken: string,
    subscriberToken: string,
    subscribeQuery: string,
    forged: string[],
  ): Promise<void> {
    await withHub({ jwtKey: KEY }, async ({ endpoint }) => {
      const stream = await openStream(`${endpoint}?${subscribeQuery}`, { headers: bearer(subscriberToken) });
      expect(stream.response.status).toBe(200);
      await stream.waitForEvent("ssehub-ready");
      for (const topic of forged) {
        const answer = await postForm(
          endpoint,
          [
            ["topic", topic],
            ["data", "forged"],
            ["private", "on"],
          ],
          bearer(publisherToken),
        );
        expect({ topic, ...(await errorOf(answer)) }).toMatchObject({ status: 400, field: "topic" });
      }
      await stream.close();
      expect(stream.updates()).toEqual([]);
    });
  }

  it("bob's URL-pattern grant cannot reach alice's template subscriber through dot segments", async () => {
    const bobPublishes = await token08(["publish"], [{ match: `${BOB}/*`, match_type: "urlpattern" }]);
    const alice = await token07({ subscribe: [`${ALICE}/{+rest}`] });
    await crossTenant(bobPublishes, alice, `topic=${encodeURIComponent(`${ALICE}/{+rest}`)}`, [
      `${ALICE}/../bob/x`,
      `${ALICE}/%2e%2e/bob/x`,
      `${ALICE}/%2E%2e/bob/x`,
      `${ALICE}/.%2E/bob/x`,
      `${ALICE}\\..\\bob\\x`,
    ]);
  });

  it("bob's template grant cannot reach alice's URL-pattern subscriber through dot segments", async () => {
    const bobPublishes = await token07({ publish: [`${BOB}/{+rest}`] });
    const alice = await token08(["subscribe"], [{ match: `${ALICE}/*`, match_type: "urlpattern" }]);
    await crossTenant(bobPublishes, alice, `match_urlpattern=${encodeURIComponent(`${ALICE}/*`)}`, [
      `${BOB}/../alice/x`,
      `${BOB}/%2e%2e/alice/x`,
      `${BOB}/./../alice/x`,
    ]);
  });

  it("relative topics and grants: the same refusals in both directions", async () => {
    const bobPattern = await token08(["publish"], [{ match: "/users/bob/*", match_type: "urlpattern" }]);
    const aliceTemplate = await token07({ subscribe: ["/users/alice/{+rest}"] });
    await crossTenant(bobPattern, aliceTemplate, `topic=${encodeURIComponent("/users/alice/{+rest}")}`, [
      "/users/alice/../bob/x",
      "/users/alice/%2e%2E/bob/x",
      "users/alice/../bob/x",
    ]);
    const bobTemplate = await token07({ publish: ["/users/bob/{+rest}"] });
    const alicePattern = await token08(
      ["subscribe"],
      [{ match: "/users/alice/*", match_type: "urlpattern" }],
    );
    await crossTenant(bobTemplate, alicePattern, `match_urlpattern=${encodeURIComponent("/users/alice/*")}`, [
      "/users/bob/../alice/x",
      "/users/bob/%2e%2e/alice/x",
      "/users/bob/.\\..\\alice/x",
    ]);
  });

  it("topics without dot segments or backslashes are accepted unchanged", async () => {
    await withHub(options, async ({ endpoint }) => {
      const kept = ["https://example.com/a.b/...c/x.", "urn:x:..y", "/users/alice/..x/.y", "a?b=../c", "..."];
      const stream = await openStream(`${endpoint}?topic=*`);
      await stream.waitForEvent("ssehub-ready");
      const token = await publisher();
      for (const topic of kept) {
        expect((await postForm(endpoint, [["topic", topic]], token)).status).toBe(200);
      }
      await stream.waitForUpdates(kept.length);
      await stream.close();
    });
  });
});

describe(`finding 6: topics per update and topic length (${runtimeName})`, () => {
  it("defaults: 32 topics and 2 KiB per topic; one more is refused with its reason", async () => {
    expect(DEFAULT_MAX_TOPICS_PER_UPDATE).toBe(32);
    expect(DEFAULT_MAX_TOPIC_LENGTH).toBe(2048);
    await withHub(options, async ({ endpoint }) => {
      const token = await publisher();
      const topics = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
      expect((await postJson(endpoint, { topics: topics(32) }, token)).status).toBe(200);
      expect(await errorOf(await postJson(endpoint, { topics: topics(33) }, token))).toMatchObject({
        status: 400,
        error: "too-many-topics",
        field: "topic",
      });
      const long = `https://example.com/${"é".repeat(1014)}`;
      expect((await postJson(endpoint, { topic: long }, token)).status).toBe(200);
      expect(await errorOf(await postJson(endpoint, { topic: `${long}x` }, token))).toMatchObject({
        status: 413,
        error: "topic-too-long",
        field: "topic",
      });
    });
  });

  it("the limits are options of createHub, flags of ssehub serve and SSEHUB_* variables, with one default", async () => {
    await withHub({ ...options, maxTopicsPerUpdate: 2, maxTopicLength: 4 }, async ({ hub }) => {
      await expect(hub.publish({ topics: ["a", "b", "c"] })).rejects.toMatchObject({ status: 400 });
      await expect(hub.publish({ topics: "abcde" })).rejects.toMatchObject({ status: 413 });
      expect(await hub.publish({ topics: ["abcd", "b"], id: "fits" })).toBe("fits");
    });
    const defaults = loadServeConfig([], { env: {} }).hub;
    expect(defaults.maxTopicsPerUpdate).toBe(DEFAULT_MAX_TOPICS_PER_UPDATE);
    expect(defaults.maxTopicLength).toBe(DEFAULT_MAX_TOPIC_LENGTH);
    const flags = loadServeConfig(["--max-topics-per-update", "3", "--max-topic-length", "1KiB"]).hub;
    expect([flags.maxTopicsPerUpdate, flags.maxTopicLength]).toEqual([3, 1024]);
    const env = { SSEHUB_MAX_TOPICS_PER_UPDATE: "4", SSEHUB_MAX_TOPIC_LENGTH: "100" };
    const fromEnv = loadServeConfig([], { env }).hub;
    expect([fromEnv.maxTopicsPerUpdate, fromEnv.maxTopicLength]).toEqual([4, 100]);
  });
});

/** `ssehub serve` in this process, for runs that must stop before listening (a refused configuration). */
async function serveRefused(args: string[]) {
  const io = captureIo({});
  // Should the check be missing, the hub starts and stops at once instead of running forever.
  io.shutdown = AbortSignal.abort();
  const code = await run(["serve", "--port", "0", ...args], io);
  return { code, err: io.err, out: io.out };
}

/** The built `ssehub serve` as a process (whatever runtime runs the tests): its start-up output, then SIGTERM. */
async function serveStarted(args: string[]) {
  const cli = startCli(["serve", "--port", "0", "--log-level", "warn", ...args]);
  try {
    await cli.waitForStdout(/listening on http/);
    cli.signal("SIGTERM");
    expect(await cli.exited).toBe(0);
    return { out: cli.stdout(), err: cli.stderr() };
  } finally {
    cli.stop();
  }
}

describe("finding 9: key material is never taken as an HMAC secret", () => {
  it("a JWK, bare base64 DER or a damaged PEM as a secret exits 2 naming the flag", async () => {
    const { publicKey } = await generateKeyPair("ES256", { extractable: true });
    const pem = await exportSPKI(publicKey);
    const der = pem.replace(/-----[^-]+-----/g, "").replace(/\s/g, "");
    const cases: [string, string][] = [
      ["jwt-key", JSON.stringify(await exportJWK(publicKey))],
      ["publisher-jwt-key", der],
      ["subscriber-jwt-key", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"],
      ["jwt-key", pem.replace("-----BEGIN PUBLIC KEY-----", "----BEGIN PUBLIC KEY----")],
      ["jwt-key", "PUBLIC KEY something"],
    ];
    for (const [flag, value] of cases) {
      const result = await serveRefused([`--${flag}`, value]);
      expect({ flag, code: result.code }).toEqual({ flag, code: 2 });
      expect(result.err).toContain(`--${flag}`);
    }
  });

  it("keys of every algorithm are recognised as key material, truncated too; random secrets are not", async () => {
    for (const alg of ["RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"]) {
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
      for (const pem of [await exportSPKI(publicKey), await exportPKCS8(privateKey)]) {
        const der = pem.replace(/-----[^-]+-----/g, "").replace(/\s/g, "");
        expect({ alg, shape: keyMaterialShape(der) }).toEqual({ alg, shape: "a base64 DER key" });
        expect({ alg, shape: keyMaterialShape(der.slice(0, 60)) }).toEqual({
          alg,
          shape: "a base64 DER key",
        });
      }
    }
    let taken = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(32 + (i % 48)));
      if (keyMaterialShape(btoa(String.fromCharCode(...bytes))) !== undefined) taken++;
    }
    expect(taken).toBe(0);
  });

  it.skipIf(cliSkip !== false)(
    "a short secret or Mercure's documented default secret is a warning, not a refusal",
    async () => {
      const short = await serveStarted(["--jwt-key", "short-secret"]);
      expect(short.err).toMatch(/WARN.*--jwt-key.*32 bytes/);
      const mercure = await serveStarted(["--publisher-jwt-key", "!ChangeThisMercureHubJWTSecretKey!"]);
      expect(mercure.err).toMatch(/WARN.*--publisher-jwt-key.*default/);
      const good = await serveStarted(["--jwt-key", KEY]);
      expect(good.err).not.toMatch(/WARN/);
    },
  );
});

describe(`finding 10: the smaller findings (${runtimeName})`, () => {
  it("deeply nested JSON is a 400 on every runtime, not a 500 (or a value one runtime accepts)", async () => {
    await withHub(options, async ({ endpoint }) => {
      const token = await publisher();
      const nested = (depth: number) => `{"topic":"a","data":${"[".repeat(depth)}${"]".repeat(depth)}}`;
      // The body's object is level 1: 63 arrays inside it reach the limit of 64.
      expect((await postJson(endpoint, nested(MAX_JSON_DEPTH - 1), token)).status).toBe(200);
      expect((await postJson(endpoint, `{"topic":"a","data":"${"[".repeat(1000)}"}`, token)).status).toBe(
        200,
      );
      for (const depth of [MAX_JSON_DEPTH, 200_000]) {
        expect(await errorOf(await postJson(endpoint, nested(depth), token))).toMatchObject({
          status: 400,
          error: "invalid-body",
        });
      }
    });
  });

  it("earliest is reserved as an update id, like ids starting with #", async () => {
    await withHub(options, async ({ endpoint, hub }) => {
      const token = await publisher();
      for (const id of ["earliest", "#1"]) {
        const answer = await postForm(
          endpoint,
          [
            ["topic", "a"],
            ["id", id],
          ],
          token,
        );
        expect(await errorOf(answer)).toMatchObject({ status: 400, field: "id" });
        await expect(hub.publish({ topics: "a", id })).rejects.toMatchObject({ status: 400, field: "id" });
      }
    });
  });

  it("reserved topics are refused with 400 by HTTP and by hub.publish, encoded forms included", async () => {
    await withHub(options, async ({ endpoint, hub }) => {
      const token = await publisher();
      const reserved = [
        "/.well-known/mercure/subscriptions/x/y",
        "/.well-known/%6Dercure/subscriptions/x",
        "https://example.com/%2Ewell-known/mercur%65",
        ".well-known/mercure",
      ];
      for (const topic of reserved) {
        expect({
          topic,
          ...(await errorOf(await postForm(endpoint, [["topic", topic]], token))),
        }).toMatchObject({ status: 400, error: "reserved-topic", field: "topic" });
        await expect(hub.publish({ topics: topic })).rejects.toMatchObject({
          status: 400,
          code: "reserved-topic",
        });
      }
      expect((await postForm(endpoint, [["topic", "/.well-known/mercure%2Fx"]], token)).status).toBe(200);
    });
  });

  it("keyless mode with its development token is refused on a non-loopback host", async () => {
    // TEST-NET-1: never bound here, so nothing listens even if the check were missing.
    const refused = await serveRefused(["--host", "192.0.2.1"]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--host/);
    expect(refused.out).not.toMatch(/Development token/);
  });

  it.skipIf(cliSkip !== false)("keyless mode still prints its development token on loopback", async () => {
    expect((await serveStarted(["--host", "127.0.0.1"])).out).toMatch(/Development token/);
  });

  it("/metrics does not walk the subscribers", async () => {
    let reads = 0;
    const onSubscribe = (info: SubscriberInfo) => {
      const topics = info.topics;
      Object.defineProperty(info, "topics", {
        get() {
          reads++;
          return topics;
        },
      });
    };
    await withHub({ ...options, onSubscribe }, async ({ url, endpoint, hub }) => {
      const streams = await Promise.all([1, 2, 3].map((i) => openStream(`${endpoint}?topic=t${i}`)));
      await waitFor(() => hub.stats().connections === 3, "three subscribers");
      reads = 0;
      const scrape = await (await fetch(`${url}/metrics`)).text();
      expect(scrape).toMatch(/^ssehub_connections 3$/m);
      expect(scrape).toMatch(/^ssehub_subscriptions 3$/m);
      expect(reads).toBe(0);
      await Promise.all(streams.map((stream) => stream.close()));
      await waitFor(() => hub.stats().connections === 0, "the subscribers to leave");
      expect(hub.stats().subscriptionsByTopic).toEqual({});
    });
  });
});
