import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { importPKCS8, type JWK } from "jose";
import { createAuthenticator } from "../src/auth/index.ts";
import { type PemPair, pemPair, rawToken } from "./fixtures/auth-keys.ts";

// A local key set server whose keys the test swaps to simulate an identity provider's rotation.
let published: JWK[] = [];
let fetches = 0;
let server: Server;
let jwksUrl = "";

before(async () => {
  server = createServer((_request, response) => {
    fetches++;
    response.writeHead(200, { "content-type": "application/jwk-set+json" });
    response.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function tokenFor(pair: PemPair, kid: string, alg: "RS256" | "ES256"): Promise<string> {
  const key = await importPKCS8(pair.privatePem, alg);
  return rawToken(key, { alg, kid }, { mercure: { subscribe: ["*"] } });
}

function request(token: string): Request {
  return new Request("http://127.0.0.1/.well-known/mercure", {
    headers: { authorization: `Bearer ${token}` },
  });
}

test("JWKS: keys picked by kid, rotation refetches the set, removed keys stop verifying", async () => {
  const first = await pemPair("ES256");
  const second = await pemPair("RS256");
  published = [{ ...first.publicJwk, kid: "one" }];
  const auth = createAuthenticator({ jwksUrl, jwksCooldown: 0 });

  const firstResult = await auth.authenticate(request(await tokenFor(first, "one", "ES256")), "subscribe");
  assert.ok(firstResult.ok && firstResult.grant !== null);
  assert.equal(fetches, 1);

  // Rotation: the provider now publishes only the second key.
  published = [{ ...second.publicJwk, kid: "two" }];
  const rotated = await auth.authenticate(request(await tokenFor(second, "two", "RS256")), "subscribe");
  assert.ok(rotated.ok && rotated.grant !== null, rotated.ok ? "" : rotated.message);
  assert.equal(fetches, 2);

  const retired = await auth.authenticate(request(await tokenFor(first, "one", "ES256")), "subscribe");
  assert.equal(retired.ok, false);
});

test("JWKS: an HMAC token is never verified against a key set", async () => {
  const auth = createAuthenticator({ jwksUrl, jwksCooldown: 0 });
  const token = await rawToken("secret", { alg: "HS256", kid: "two" }, { mercure: { subscribe: ["*"] } });
  const result = await auth.authenticate(request(token), "subscribe");
  assert.ok(!result.ok && /algorithm/.test(result.message));
});
