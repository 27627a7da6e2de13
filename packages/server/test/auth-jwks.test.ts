import { importPKCS8 } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthenticator } from "../src/auth/index.ts";
import { type JwksServer, startJwksServer } from "./fixtures/auth-jwks-server.ts";
import { type PemPair, pemPair, rawToken } from "./fixtures/auth-keys.ts";
import { withHub } from "./helpers/runtime.ts";
import { bearer } from "./helpers/tokens.ts";

let jwks: JwksServer;
beforeAll(async () => {
  jwks = await startJwksServer();
});
afterAll(() => jwks.close());

async function tokenFor(pair: PemPair, kid: string, alg: "RS256" | "ES256"): Promise<string> {
  const key = await importPKCS8(pair.privatePem, alg);
  return rawToken(key, { alg, kid }, { mercure: { subscribe: ["*"] } });
}

function request(token: string): Request {
  return new Request("http://127.0.0.1/.well-known/mercure", {
    headers: { authorization: `Bearer ${token}` },
  });
}

it("JWKS: keys picked by kid, rotation refetches the set, removed keys stop verifying", async () => {
  const first = await pemPair("ES256");
  const second = await pemPair("RS256");
  jwks.keys = [{ ...first.publicJwk, kid: "one" }];
  const auth = createAuthenticator({ jwksUrl: jwks.url, jwksCooldown: 0 });

  const firstResult = await auth.authenticate(request(await tokenFor(first, "one", "ES256")), "subscribe");
  expect(firstResult.ok && firstResult.grant !== null).toBeTruthy();
  expect(jwks.fetches).toBe(1);

  // Rotation: the provider now publishes only the second key.
  jwks.keys = [{ ...second.publicJwk, kid: "two" }];
  const rotated = await auth.authenticate(request(await tokenFor(second, "two", "RS256")), "subscribe");
  expect(rotated.ok && rotated.grant !== null, rotated.ok ? "" : rotated.message).toBeTruthy();
  expect(jwks.fetches).toBe(2);

  const retired = await auth.authenticate(request(await tokenFor(first, "one", "ES256")), "subscribe");
  expect(retired.ok).toBe(false);
});

it("JWKS: an HMAC token is never verified against a key set", async () => {
  const auth = createAuthenticator({ jwksUrl: jwks.url, jwksCooldown: 0 });
  const token = await rawToken("secret", { alg: "HS256", kid: "two" }, { mercure: { subscribe: ["*"] } });
  const result = await auth.authenticate(request(token), "subscribe");
  expect(!result.ok && /algorithm/.test(result.message)).toBeTruthy();
});

it("JWKS with the default cooldown: an unknown kid right after a fetch is refused without a second fetch", async () => {
  const known = await pemPair("ES256");
  const unknown = await pemPair("ES256");
  const server = await startJwksServer([{ ...known.publicJwk, kid: "known" }]);
  try {
    const auth = createAuthenticator({ jwksUrl: server.url });
    const first = await auth.authenticate(request(await tokenFor(known, "known", "ES256")), "subscribe");
    expect(first.ok && first.grant !== null, first.ok ? "" : first.message).toBeTruthy();
    // A flood of unknown kids cannot make the hub hammer the key server: the 30 s cooldown holds them.
    for (let n = 0; n < 5; n++) {
      const refused = await auth.authenticate(
        request(await tokenFor(unknown, `new-${n}`, "ES256")),
        "subscribe",
      );
      expect(refused.ok).toBe(false);
    }
    expect(server.fetches).toBe(1);
  } finally {
    await server.close();
  }
});

describe("a key set that cannot be had: 503 with Retry-After, never 401, never a hang", () => {
  const outages: [string, () => Promise<{ url: string; close(): Promise<void> }>][] = [
    [
      "the key server is down",
      async () => {
        const gone = await startJwksServer();
        await gone.close();
        return { url: gone.url, close: async () => undefined };
      },
    ],
    ["the key server answers garbage", () => startJwksServer([], { status: 200, body: "<html>oops" })],
    ["the key server answers 500", () => startJwksServer([], { status: 500, body: "{}" })],
    [
      "the key server answers JSON that is no key set",
      () => startJwksServer([], { status: 200, body: '{"keys":7}' }),
    ],
  ];
  for (const [name, start] of outages) {
    it(name, async () => {
      const pair = await pemPair("ES256");
      const keyServer = await start();
      try {
        const token = await tokenFor(pair, "k", "ES256");
        await expect(
          createAuthenticator({ jwksUrl: keyServer.url }).authenticate(request(token), "subscribe"),
        ).rejects.toMatchObject({
          name: "HubError",
          status: 503,
          code: "key-set-unavailable",
          retryAfter: 5,
        });
        await withHub({ jwksUrl: keyServer.url }, async ({ endpoint }) => {
          const response = await fetch(`${endpoint}?topic=urn:a`, { headers: bearer(token) });
          expect(response.status).toBe(503);
          expect(response.headers.get("retry-after")).toBe("5");
          expect(await response.json()).toMatchObject({ error: "key-set-unavailable" });
          const publish = await fetch(endpoint, {
            method: "POST",
            headers: { ...bearer(token), "content-type": "application/x-www-form-urlencoded" },
            body: "topic=urn:a&data=x",
          });
          expect(publish.status).toBe(503);
          await publish.body?.cancel();
        });
      } finally {
        await keyServer.close();
      }
    });
  }
});
