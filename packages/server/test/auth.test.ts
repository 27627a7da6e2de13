import { importPKCS8 } from "jose";
import { describe, expect, it } from "vitest";
import {
  type AuthOptions,
  type AuthResult,
  checkAuthOptions,
  createAuthenticator,
  type Grant,
  signToken,
} from "../src/auth/index.ts";
import { nowSeconds, pemPair, rawToken, unsignedToken } from "./fixtures/auth-keys.ts";

const SECRET = "a-test-secret-that-is-long-enough-for-hs256";
const HUB = "http://127.0.0.1/.well-known/mercure";
const DETAIL = "https://mercure.rocks/authorization-detail";

const rsa = await pemPair("RS256");
const ec = await pemPair("ES256");

function bearer(token: string, url = HUB): Request {
  return new Request(url, { headers: { authorization: `Bearer ${token}` } });
}

async function check(options: AuthOptions, request: Request, action: "publish" | "subscribe" = "subscribe") {
  return createAuthenticator(options).authenticate(request, action);
}

function grantOf(result: AuthResult): Grant {
  expect(result.ok, `expected a grant, got ${result.ok ? "" : result.message}`).toBeTruthy();
  const { grant } = result as Extract<AuthResult, { ok: true }>;
  expect(grant !== null, "expected a grant, got anonymous").toBeTruthy();
  return grant!;
}

function assertRefused(result: AuthResult, pattern: RegExp, error = "invalid_token"): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.status).toBe(401);
  expect(result.error).toBe(error);
  expect(result.message).toMatch(pattern);
}

const allows = (grant: Grant, topic: string): boolean => grant.selectors.some((matches) => matches(topic));

const draft07 = (claim: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  rawToken(SECRET, { alg: "HS256", typ: "JWT" }, { mercure: claim, ...extra });

const draft08Claims = (topics: unknown[], extra: Record<string, unknown> = {}) => ({
  iss: "https://issuer.example",
  aud: "https://hub.example",
  exp: nowSeconds() + 60,
  authorization_details: [{ type: DETAIL, actions: ["subscribe"], topics }],
  ...extra,
});

describe("auth matrix", () => {
  it("no token: anonymous (null grant)", async () => {
    expect(await check({ jwtKey: SECRET }, new Request(HUB))).toStrictEqual({ ok: true, grant: null });
  });

  it("invalid signature is refused", async () => {
    const token = await rawToken("another-secret", { alg: "HS256" }, { mercure: { subscribe: ["*"] } });
    assertRefused(await check({ jwtKey: SECRET }, bearer(token)), /signature/);
  });

  it("expired token is refused", async () => {
    const token = await draft07({ subscribe: ["*"] }, { exp: nowSeconds() - 10 });
    assertRefused(await check({ jwtKey: SECRET }, bearer(token)), /expired/);
  });

  it("alg: none is refused", async () => {
    assertRefused(
      await check({ jwtKey: SECRET }, bearer(unsignedToken({ mercure: { subscribe: ["*"] } }))),
      /algorithm/,
    );
  });

  it("HS256 token signed with the RSA public key is refused by an RS256 hub", async () => {
    const token = await rawToken(rsa.publicPem, { alg: "HS256" }, { mercure: { subscribe: ["*"] } });
    assertRefused(await check({ jwtKey: rsa.publicPem, jwtAlgorithm: "RS256" }, bearer(token)), /algorithm/);
  });

  it("RS256 token is refused by an HS256 hub", async () => {
    const key = await importPKCS8(rsa.privatePem, "RS256");
    const token = await rawToken(key, { alg: "RS256" }, { mercure: { subscribe: ["*"] } });
    assertRefused(await check({ jwtKey: SECRET }, bearer(token)), /algorithm/);
  });

  it("a PEM key is never used as an HMAC secret", async () => {
    await expect(checkAuthOptions({ jwtKey: rsa.publicPem, jwtAlgorithm: "HS256" })).rejects.toThrow(
      expect.objectContaining({ name: "AuthConfigError" }),
    );
    await expect(checkAuthOptions({ jwtKey: SECRET, jwtAlgorithm: "none" })).rejects.toThrow(
      expect.objectContaining({ name: "AuthConfigError" }),
    );
    await expect(checkAuthOptions({ jwtKey: SECRET, jwtAlgorithm: "RS256" })).rejects.toThrow(
      expect.objectContaining({ name: "AuthConfigError" }),
    );
  });

  it("draft-07 claim: selectors per action, payload, exp and sub", async () => {
    const exp = nowSeconds() + 60;
    const token = await draft07(
      { publish: ["https://example.com/books/{id}"], subscribe: ["urn:a"], payload: { user: 1 } },
      { exp, sub: "alice" },
    );
    const sub = grantOf(await check({ jwtKey: SECRET }, bearer(token)));
    expect(sub.draft).toBe(7);
    expect(sub.expiresAt).toBe(exp * 1000);
    expect(sub.subject).toBe("alice");
    expect(sub.payload).toStrictEqual({ user: 1 });
    expect(allows(sub, "urn:a")).toBeTruthy();
    const pub = grantOf(await check({ jwtKey: SECRET }, bearer(token), "publish"));
    expect(allows(pub, "https://example.com/books/1")).toBeTruthy();
    expect(!allows(pub, "https://example.com/authors/1"), "wrong topic").toBeTruthy();
    expect(!allows(pub, "urn:a"), "subscribe grant does not publish").toBeTruthy();
  });

  it("a token without the mercure claim grants nothing", async () => {
    const token = await rawToken(SECRET, { alg: "HS256" }, { sub: "x" });
    expect(grantOf(await check({ jwtKey: SECRET }, bearer(token))).selectors).toStrictEqual([]);
  });

  it("a malformed mercure claim is refused", async () => {
    assertRefused(
      await check({ jwtKey: SECRET }, bearer(await draft07({ subscribe: "*" }))),
      /array of strings/,
    );
  });

  it("draft-08 at+jwt: exact and urlpattern matches, only the listed actions", async () => {
    const claims = draft08Claims([
      { match: "urn:x" },
      { match: "https://example.com/books/:id", match_type: "urlpattern" },
    ]);
    const token = await rawToken(SECRET, { alg: "HS256", typ: "at+jwt" }, claims);
    const options = {
      jwtKey: SECRET,
      jwtIssuer: "https://issuer.example",
      jwtAudience: "https://hub.example",
    };
    const grant = grantOf(await check(options, bearer(token)));
    expect(grant.draft).toBe(8);
    expect(grant.expiresAt).toBe((claims.exp as number) * 1000);
    expect(allows(grant, "urn:x")).toBeTruthy();
    expect(allows(grant, "https://example.com/books/7")).toBeTruthy();
    expect(!allows(grant, "urn:y"), "wrong topic").toBeTruthy();
    expect(grantOf(await check(options, bearer(token), "publish")).selectors).toStrictEqual([]);
  });

  it("draft-08 tokens must carry iss, aud and exp", async () => {
    for (const claim of ["iss", "aud", "exp"]) {
      const claims: Record<string, unknown> = draft08Claims([{ match: "*" }]);
      delete claims[claim];
      const token = await rawToken(SECRET, { alg: "HS256", typ: "at+jwt" }, claims);
      assertRefused(await check({ jwtKey: SECRET }, bearer(token)), new RegExp(`"${claim}"`));
    }
  });

  it("draft-08 iss and aud are checked against the configuration", async () => {
    const token = await rawToken(SECRET, { alg: "HS256", typ: "at+jwt" }, draft08Claims([{ match: "*" }]));
    assertRefused(await check({ jwtKey: SECRET, jwtIssuer: "https://other" }, bearer(token)), /"iss"/);
    assertRefused(await check({ jwtKey: SECRET, jwtAudience: "https://other" }, bearer(token)), /"aud"/);
    grantOf(await check({ jwtKey: SECRET }, bearer(token)));
  });

  it("draft-07 tokens are checked for iss and aud only when they carry them", async () => {
    const options = { jwtKey: SECRET, jwtIssuer: "me", jwtAudience: "hub" };
    grantOf(await check(options, bearer(await draft07({ subscribe: ["*"] }))));
    assertRefused(await check(options, bearer(await draft07({ subscribe: ["*"] }, { iss: "you" }))), /"iss"/);
    assertRefused(await check(options, bearer(await draft07({ subscribe: ["*"] }, { aud: ["x"] }))), /"aud"/);
  });

  it("an unknown match_type is refused", async () => {
    const claims = draft08Claims([{ match: "^urn", match_type: "regexp" }]);
    const token = await rawToken(SECRET, { alg: "HS256", typ: "at+jwt" }, claims);
    assertRefused(await check({ jwtKey: SECRET }, bearer(token)), /match_type/);
  });

  it("separate publisher and subscriber keys and algorithms", async () => {
    const options = {
      publisherJwtKey: SECRET,
      subscriberJwtKey: ec.publicPem,
      subscriberJwtAlgorithm: "ES256",
    };
    const publisherToken = await signToken(SECRET, undefined, { publish: ["*"] });
    const subscriberToken = await signToken(ec.privatePem, "ES256", { subscribe: ["*"] });
    grantOf(await check(options, bearer(publisherToken), "publish"));
    grantOf(await check(options, bearer(subscriberToken), "subscribe"));
    assertRefused(await check(options, bearer(publisherToken), "subscribe"), /algorithm/);
    assertRefused(await check(options, bearer(subscriberToken), "publish"), /algorithm/);
  });

  it("PEM keys: algorithm inferred, PKCS #8 private key verifies with its public half", async () => {
    const rsToken = await signToken(rsa.privatePem, undefined, { subscribe: ["*"] });
    grantOf(await check({ jwtKey: rsa.publicPem }, bearer(rsToken)));
    grantOf(await check({ jwtKey: rsa.privatePem }, bearer(rsToken)));
    const esToken = await signToken(ec.privatePem, undefined, { subscribe: ["*"] });
    grantOf(await check({ jwtKey: ec.publicPem }, bearer(esToken)));
    assertRefused(await check({ jwtKey: ec.publicPem }, bearer(rsToken)), /algorithm/);
  });

  it("a token with no key configured for its action is refused", async () => {
    const token = await draft07({ subscribe: ["*"] });
    assertRefused(await check({ publisherJwtKey: SECRET }, bearer(token)), /no key/);
  });
});

describe("token carriers", () => {
  const options = { jwtKey: SECRET };

  it("Authorization: Bearer", async () => {
    grantOf(await check(options, bearer(await draft07({ subscribe: ["*"] }))));
  });

  it("a non-Bearer Authorization header is an invalid request", async () => {
    const request = new Request(HUB, { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    assertRefused(await check(options, request), /Bearer/, "invalid_request");
  });

  it("draft-07 cookie mercureAuthorization", async () => {
    const token = await draft07({ subscribe: ["*"] });
    const request = new Request(HUB, { headers: { cookie: `theme=dark; mercureAuthorization=${token}` } });
    expect(grantOf(await check(options, request)).draft).toBe(7);
  });

  it("draft-08 cookie __Secure-mercure_access_token", async () => {
    const token = await rawToken(SECRET, { alg: "HS256", typ: "at+jwt" }, draft08Claims([{ match: "*" }]));
    const request = new Request(HUB, { headers: { cookie: `__Secure-mercure_access_token=${token}` } });
    expect(grantOf(await check(options, request)).draft).toBe(8);
  });

  it("query parameter authorization: draft-07 only", async () => {
    const token07 = await draft07({ subscribe: ["*"] });
    grantOf(await check(options, new Request(`${HUB}?topic=x&authorization=${token07}`)));
    const token08 = await rawToken(SECRET, { alg: "HS256", typ: "at+jwt" }, draft08Claims([{ match: "*" }]));
    const refused = await check(options, new Request(`${HUB}?authorization=${token08}`));
    assertRefused(refused, /query/, "invalid_request");
    expect(refused.ok || refused.draft).toBe(8);
  });

  it("a cookie publish only from the hub's origin or an allowed CORS origin (CSRF)", async () => {
    const token = await rawToken(SECRET, { alg: "HS256" }, { mercure: { publish: ["*"] } });
    const post = (headers: Record<string, string>) =>
      new Request(HUB, { method: "POST", headers: { cookie: `mercureAuthorization=${token}`, ...headers } });
    const cors = { ...options, corsOrigins: ["https://app.example", "*"] };
    assertRefused(await check(cors, post({}), "publish"), /origin/, "invalid_request");
    assertRefused(
      await check(cors, post({ origin: "https://evil.example" }), "publish"),
      /origin/,
      "invalid_request",
    );
    assertRefused(await check(cors, post({ origin: "null" }), "publish"), /origin/, "invalid_request");
    grantOf(await check(cors, post({ origin: "https://app.example" }), "publish"));
    grantOf(await check(cors, post({ origin: "http://127.0.0.1" }), "publish"));
    grantOf(await check(cors, post({ referer: "https://app.example/page" }), "publish"));
    grantOf(await check(cors, post({ origin: "https://evil.example" }), "subscribe"));
    const bearerPost = new Request(HUB, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    grantOf(await check(cors, bearerPost, "publish"));
  });

  it("the header wins over a cookie", async () => {
    const good = await draft07({ subscribe: ["*"] });
    const bad = await rawToken("other", { alg: "HS256" }, { mercure: { subscribe: ["*"] } });
    const request = new Request(HUB, {
      headers: { authorization: `Bearer ${good}`, cookie: `mercureAuthorization=${bad}` },
    });
    grantOf(await check(options, request));
  });

  it("messages never quote the token", async () => {
    const token = await rawToken("other", { alg: "HS256" }, { mercure: { subscribe: ["*"] } });
    const result = await check(options, bearer(token));
    expect(!result.ok && !result.message.includes(token.split(".")[2]!)).toBeTruthy();
  });
});
