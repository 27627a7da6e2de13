// On Node, a hub served on its own takes publishes through its own path (runtime/node-publish.ts) rather than
// the Hono route; both run publishFrom. These tests send the same requests to a hub served on its own and to one
// served through its fetch (always the route) and require the same answers, and check which path was taken.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHub } from "../src/create-hub.ts";
import { serveOnCurrentRuntime } from "../src/runtime/current.ts";
import type { RunningServer } from "../src/runtime/serve-options.ts";
import type { Hub, HubOptions } from "../src/types.ts";
import { rawRequest } from "./helpers/raw-request.ts";
import { runtimeName, waitFor } from "./helpers/runtime.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const OPTIONS: HubOptions = {
  jwtKey: KEY,
  maxBodySize: 1024,
  publishRate: 1,
  authorize: ({ request, topics }) => {
    hookSaw.push(request.headers.get("x-app") ?? "");
    return topics.includes("/denied") ? false : undefined;
  },
};
const hookSaw: string[] = [];

interface Served {
  hub: Hub;
  server: RunningServer;
  endpoint: string;
  /** Requests that reached the hub's fetch (the Hono app). */
  routed: number;
}

/** A hub served on its own (`viaFetch` false) or through its fetch handler, counting what reaches the app. */
async function serveHub(options: HubOptions, viaFetch: boolean): Promise<Served> {
  const hub = createHub(options);
  const served = { hub, routed: 0 } as Served;
  const fetch = hub.fetch;
  hub.fetch = (request, env) => {
    served.routed++;
    return fetch(request, env);
  };
  served.server = await serveOnCurrentRuntime({
    hub,
    port: 0,
    ...(viaFetch && { fetch: hub.fetch }),
  });
  served.endpoint = `${served.server.url}/.well-known/mercure`;
  return served;
}

/** What must be the same both ways: status, the headers a client reads, the body. */
async function answer(response: Response) {
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    challenge: response.headers.get("www-authenticate"),
    retryAfter: response.headers.get("retry-after"),
    body: await response.text(),
  };
}

describe("publish paths: a hub served on its own answers as its Hono route does", () => {
  let own: Served;
  let routed: Served;
  let token: string;

  beforeAll(async () => {
    own = await serveHub(OPTIONS, false);
    routed = await serveHub(OPTIONS, true);
    token = await token07({ publish: ["*"] });
  });
  afterAll(async () => {
    await own.server.close({ timeoutMs: 300 });
    await routed.server.close({ timeoutMs: 300 });
  });

  // Each case its own subject, so that the publish rate (1/s per subject) refuses none of them.
  const cases: [string, () => Promise<RequestInit>][] = [
    ["a form publish", async () => post("topic=/a&data=x&id=u1", await tokenFor("s1"))],
    [
      "a JSON publish",
      async () => ({
        method: "POST",
        headers: { ...bearer(await tokenFor("s2")), "content-type": "application/json" },
        body: JSON.stringify({ topic: "/a", data: { n: 1 }, id: "u2", private: true }),
      }),
    ],
    ["no token", async () => ({ method: "POST", headers: FORM, body: "topic=/a&data=x" })],
    ["a token signed with another key", async () => post("topic=/a", `${token.slice(0, -4)}AAAA`)],
    [
      "a malformed Authorization header",
      async () => ({ method: "POST", headers: { ...FORM, authorization: "Basic x" }, body: "topic=/a" }),
    ],
    [
      "another content type",
      async () => ({
        method: "POST",
        headers: { ...bearer(await tokenFor("s3")), "content-type": "text/plain" },
        body: "x",
      }),
    ],
    ["a body past maxBodySize", async () => post(`topic=/a&data=${"x".repeat(2000)}`, await tokenFor("s4"))],
    [
      "a body that is not UTF-8",
      async () => ({
        method: "POST",
        headers: { ...bearer(await tokenFor("s5")), ...FORM },
        body: new Uint8Array([0x74, 0x3d, 0xff]),
      }),
    ],
    ["a bad retry", async () => post("topic=/a&retry=1e3", await tokenFor("s6"))],
    ["no topic", async () => post("data=x", await tokenFor("s7"))],
    ["a topic the hook refuses", async () => post("topic=/denied", await tokenFor("s8"))],
  ];

  it.each(cases)("%s", async (_, init) => {
    const request = await init();
    const a = await answer(await fetch(own.endpoint, request));
    const b = await answer(await fetch(routed.endpoint, request));
    expect(a).toEqual(b);
    expect(a.status, JSON.stringify(a)).toBeGreaterThanOrEqual(200);
  });

  it("a publisher past its rate gets the same 429 either way", async () => {
    const request = post("topic=/a", await tokenFor("s-rate"));
    const answers = [];
    for (const endpoint of [own.endpoint, routed.endpoint]) {
      expect((await fetch(endpoint, request)).status).toBe(200);
      answers.push(await answer(await fetch(endpoint, request)));
    }
    expect(answers[0]).toMatchObject({ status: 429, retryAfter: "1" });
    expect(answers[0]).toEqual(answers[1]);
  });

  it("the hook sees the request's headers either way", async () => {
    hookSaw.length = 0;
    const request = post("topic=/b", await tokenFor("s9"), { "x-app": "dashboard" });
    expect((await fetch(own.endpoint, request)).status).toBe(200);
    expect((await fetch(routed.endpoint, request)).status).toBe(200);
    expect(hookSaw).toEqual(["dashboard", "dashboard"]);
  });

  it("two Authorization headers are joined as fetch joins them (a malformed token), either way", async () => {
    const head = (endpoint: string) =>
      `POST /.well-known/mercure HTTP/1.1\r\nhost: ${new URL(endpoint).host}\r\n` +
      `authorization: Bearer ${token}\r\nauthorization: Bearer ${token}\r\n` +
      "content-type: application/x-www-form-urlencoded\r\ncontent-length: 8\r\nconnection: close\r\n\r\ntopic=/c";
    for (const endpoint of [own.endpoint, routed.endpoint]) {
      const raw = await rawRequest(endpoint, head(endpoint));
      expect(await raw.status()).toBe(401);
      await waitFor(() => raw.received().includes("invalid_request"), "the 401's reason");
      raw.close();
    }
  });

  it("a chunked body past maxBodySize is refused with 413, and the hub goes on", async () => {
    const token9 = await tokenFor("s10");
    for (const endpoint of [own.endpoint, routed.endpoint]) {
      const raw = await rawRequest(
        endpoint,
        `POST /.well-known/mercure HTTP/1.1\r\nhost: ${new URL(endpoint).host}\r\nauthorization: Bearer ${token9}\r\n` +
          "content-type: application/x-www-form-urlencoded\r\ntransfer-encoding: chunked\r\n\r\n",
      );
      for (let i = 0; i < 3; i++) raw.write(`200\r\n${"x".repeat(512)}\r\n`);
      expect(await raw.status()).toBe(413);
      raw.close();
    }
    const after = await fetch(own.endpoint, post("topic=/d", await tokenFor("s11")));
    expect(after.status).toBe(200);
  });

  it("a client that leaves mid-body costs nothing: no answer, no crash, the next publish works", async () => {
    const raw = await rawRequest(
      own.endpoint,
      `POST /.well-known/mercure HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${await tokenFor("s12")}\r\n` +
        "content-type: application/x-www-form-urlencoded\r\ncontent-length: 100\r\n\r\ntopic=",
    );
    raw.close();
    await waitFor(() => raw.closed(), "the client's socket to close");
    const after = await fetch(own.endpoint, post("topic=/e", await tokenFor("s13")));
    expect(after.status).toBe(200);
  });

  it.skipIf(runtimeName !== "node")(
    "on Node, publishes skip the app; other requests and other setups reach it",
    async () => {
      const before = { own: own.routed, routed: routed.routed };
      await fetch(own.endpoint, post("topic=/f", await tokenFor("s14")));
      await fetch(routed.endpoint, post("topic=/f", await tokenFor("s15")));
      await fetch(`${own.endpoint}?authorization=${token}`, post("topic=/f", await tokenFor("s16")));
      await fetch(`${own.server.url}/healthz`);
      expect(own.routed - before.own).toBe(2); // the query-string publish and /healthz
      expect(routed.routed - before.routed).toBe(1);
      // A CORS allowlist or the access log needs the app's middleware: no direct path.
      const cors = await serveHub({ ...OPTIONS, corsOrigins: ["https://app.example"] }, false);
      try {
        await fetch(cors.endpoint, post("topic=/f", await tokenFor("s17")));
        expect(cors.routed).toBe(1);
      } finally {
        await cors.server.close({ timeoutMs: 300 });
      }
    },
  );
});

function post(body: string, token: string, headers: Record<string, string> = {}): RequestInit {
  return { method: "POST", headers: { ...bearer(token), ...FORM, ...headers }, body };
}

function tokenFor(sub: string): Promise<string> {
  return token07({ publish: ["*"] }, { sub });
}
