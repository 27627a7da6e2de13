import { importPKCS8 } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAuthenticator } from "../src/auth/index.ts";
import { type JwksServer, startJwksServer } from "./fixtures/auth-jwks-server.ts";
import { type PemPair, pemPair, rawToken } from "./fixtures/auth-keys.ts";

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
