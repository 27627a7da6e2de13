import { importPKCS8 } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthenticator, MERCURE_DETAIL_TYPE } from "../src/auth/index.ts";
import type { Action, AuthResult, Grant } from "../src/auth/types.ts";
import { type Verification, VerifiedTokenCache } from "../src/auth/verified-token-cache.ts";
import { type JwksServer, startJwksServer } from "./fixtures/auth-jwks-server.ts";
import { pemPair, rawToken } from "./fixtures/auth-keys.ts";

const SECRET = "a-test-secret-that-is-long-enough-for-hs256";
const HUB = "http://127.0.0.1/.well-known/mercure";
const T0 = Date.UTC(2030, 0, 1);

const request = (token: string) => new Request(HUB, { headers: { authorization: `Bearer ${token}` } });
const grant = (expiresAt?: number): Grant => ({ draft: 7, selectors: [], expiresAt });
/** A draft-07 verification by the header carrier with `keys`. */
const verification = (keys: unknown, expiresAt?: number): Verification => ({
  grant: grant(expiresAt),
  carrier: "header",
  baseURL: undefined,
  keys,
});

describe("verified-token cache", () => {
  it("a cached token is refused once its exp passes (controlled clock)", async () => {
    let now = T0;
    const auth = createAuthenticator({ jwtKey: SECRET, now: () => now });
    const exp = T0 / 1000 + 10;
    const token = await rawToken(SECRET, { alg: "HS256" }, { mercure: { publish: ["*"] }, exp });
    expect((await auth.authenticate(request(token), "publish")).ok).toBe(true);
    now = T0 + 9_999;
    expect((await auth.authenticate(request(token), "publish")).ok).toBe(true);
    now = T0 + 10_000;
    const late = await auth.authenticate(request(token), "publish");
    expect(late.ok).toBe(false);
    expect(late.ok ? "" : late.message).toMatch(/exp/);
  });

  it("an entry lives until exp and never past the maximum age; other keys miss", () => {
    let now = T0;
    const cache = new VerifiedTokenCache({ maxAgeMs: 60_000, now: () => now });
    const keys = {};
    cache.set("expiring", verification(keys, T0 + 10_000));
    cache.set("forever", verification(keys));
    cache.set("expired", verification(keys, T0));
    expect(cache.size).toBe(2);
    expect(cache.get("expiring", "header", {})).toBeUndefined();
    cache.set("expiring", verification(keys, T0 + 10_000));
    now = T0 + 9_999;
    expect(cache.get("expiring", "header", keys)).toBeDefined();
    now = T0 + 10_000;
    expect(cache.get("expiring", "header", keys)).toBeUndefined();
    now = T0 + 59_999;
    expect(cache.get("forever", "header", keys)).toBeDefined();
    now = T0 + 60_000;
    expect(cache.get("forever", "header", keys)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("is bounded in entries and in weight (token characters + automaton states)", () => {
    const byCount = new VerifiedTokenCache({ entries: 3, weight: 1_000_000 });
    for (let n = 0; n < 1000; n++) byCount.set(`token-${n}`, verification(null));
    expect(byCount.size).toBe(3);
    expect(byCount.get("token-999", "header", null)).toBeDefined();
    expect(byCount.get("token-996", "header", null)).toBeUndefined();

    const key = (n: number) => `${"x".repeat(96)}${String(n).padStart(4, "0")}`; // 100 characters
    const byWeight = new VerifiedTokenCache({ entries: 1000, weight: 1_000 });
    for (let n = 0; n < 1000; n++) byWeight.set(key(n), verification(null));
    expect(byWeight.size).toBe(10);
    expect(byWeight.weight).toBe(1_000);
    byWeight.set("y".repeat(1_001), verification(null));
    expect(byWeight.get("y".repeat(1_001), "header", null)).toBeUndefined();
    expect(byWeight.weight).toBeLessThanOrEqual(1_000);
  });
});

describe("verified-token cache admission", () => {
  it("holds a token from its second verification on", () => {
    const cache = new VerifiedTokenCache({ now: () => T0 });
    cache.offer("some.token.sig-one", verification(null));
    expect(cache.size, "after one offer").toBe(0);
    cache.offer("some.token.sig-one", verification(null));
    expect(cache.size, "after two").toBe(1);
    expect(cache.get("some.token.sig-one", "header", null)).toBeDefined();
    expect(cache.get("some.token.sig-one", "query", null), "by another carrier").toBeUndefined();
  });

  it("a stream of one-off tokens evicts none of the tokens in use", () => {
    const cache = new VerifiedTokenCache({ entries: 3, now: () => T0 });
    const regular = ["alpha", "bravo", "charlie"].map((name) => `x.y.${name}`);
    for (const token of regular) for (let i = 0; i < 2; i++) cache.offer(token, verification(null));
    for (let n = 0; n < 5000; n++) cache.offer(`x.y.one-off-${n}`, verification(null));
    expect(cache.size).toBe(3);
    for (const token of regular) expect(cache.get(token, "header", null), token).toBeDefined();
  });

  /** Each token in turn, `rounds` times, as the authenticator asks: the cache first, an offer on a miss. */
  function inTurn(cache: VerifiedTokenCache, tokens: string[], rounds: number): number[] {
    const missesPerRound: number[] = [];
    for (let round = 0; round < rounds; round++) {
      let misses = 0;
      for (const token of tokens) {
        if (cache.get(token, "header", null) !== undefined) continue;
        misses++;
        cache.offer(token, verification(null));
      }
      missesPerRound.push(misses);
    }
    return missesPerRound;
  }

  it("more tokens in turn than it holds: the ones held stay, instead of each replacing the last", () => {
    const cache = new VerifiedTokenCache({ entries: 3, now: () => T0 });
    const tokens = Array.from({ length: 15 }, (_, n) => `x.y.publisher-${n}`);
    const misses = inTurn(cache, tokens, 20);
    // Least recently used alone, every token would replace the oldest and be gone before its turn: 15 a round.
    expect(misses.slice(2)).toEqual(Array(18).fill(12));
    expect(tokens.filter((token) => cache.get(token, "header", null) !== undefined)).toHaveLength(3);
  });

  it("tokens used often lately take the place of tokens no longer used", () => {
    const cache = new VerifiedTokenCache({ entries: 3, now: () => T0 });
    const old = ["a", "b", "c"].map((name) => `x.y.old-${name}`);
    const fresh = ["a", "b", "c"].map((name) => `x.y.fresh-${name}`);
    inTurn(cache, old, 50);
    for (const token of old) expect(cache.get(token, "header", null), token).toBeDefined();
    // Counts are halved every 32,768 sightings: the old tokens' counts fade while the fresh ones' grow.
    const misses = inTurn(cache, fresh, 12_000);
    expect(misses.at(-1)).toBe(0);
    for (const token of fresh) expect(cache.get(token, "header", null), token).toBeDefined();
    for (const token of old) expect(cache.get(token, "header", null), token).toBeUndefined();
  });

  it("through the authenticator: the second publish with a token fills the cache, the third reads it", async () => {
    const auth = createAuthenticator({ jwtKey: SECRET, now: () => T0 });
    const token = await rawToken(SECRET, { alg: "HS256" }, { mercure: { publish: ["*"] } });
    const first = await auth.authenticate(request(token), "publish");
    const second = await auth.authenticate(request(token), "publish");
    const third = await auth.authenticate(request(token), "publish");
    // Two verifications make two grant objects; the third is the one the second left in the cache.
    expect(first.ok && second.ok && third.ok).toBe(true);
    if (!first.ok || !second.ok || !third.ok) return;
    expect(second.grant).not.toBe(first.grant);
    expect(third.grant).toBe(second.grant);
  });
});

describe("verified-token cache: what else a grant depends on", () => {
  /** The grant of `request` for `action`, asked three times: the last answer comes from the cache. */
  async function thrice(auth: ReturnType<typeof createAuthenticator>, make: () => Request, action: Action) {
    for (let i = 0; i < 2; i++) await auth.authenticate(make(), action);
    return auth.authenticate(make(), action);
  }

  const draft08 = (topics: unknown[]) =>
    rawToken(
      SECRET,
      { alg: "HS256", typ: "at+jwt" },
      {
        iss: "https://issuer.example",
        aud: "https://hub.example",
        exp: T0 / 1000 + 600,
        authorization_details: [{ type: MERCURE_DETAIL_TYPE, actions: ["subscribe", "publish"], topics }],
      },
    );

  it("a draft-08 token held from the header is still refused in the query string", async () => {
    const auth = createAuthenticator({ jwtKey: SECRET, now: () => T0 });
    const token = await draft08([{ match: "*" }]);
    expect((await thrice(auth, () => request(token), "subscribe")).ok).toBe(true);
    const inQuery = await auth.authenticate(new Request(`${HUB}?authorization=${token}`), "subscribe");
    expect(inQuery.ok).toBe(false);
    expect(inQuery.ok ? "" : inQuery.message).toMatch(/query string/);
  });

  it("a draft-08 grant's relative URL patterns resolve against the hub URL each request reached", async () => {
    const auth = createAuthenticator({ jwtKey: SECRET, now: () => T0 });
    const token = await draft08([{ match: "/books/:id", match_type: "urlpattern" }]);
    const at = (origin: string) => () =>
      new Request(`${origin}/.well-known/mercure`, { headers: { authorization: `Bearer ${token}` } });
    const allows = (result: AuthResult, topic: string) =>
      result.ok && result.grant !== null && result.grant.selectors.some((selector) => selector(topic));
    const viaA = await thrice(auth, at("http://a.example"), "subscribe");
    expect(allows(viaA, "http://a.example/books/1")).toBe(true);
    const viaB = await auth.authenticate(at("http://b.example")(), "subscribe");
    expect(allows(viaB, "http://b.example/books/1"), "the grant made for b.example").toBe(true);
    expect(allows(viaB, "http://a.example/books/1"), "not the one held for a.example").toBe(false);
  });

  it("a token used to subscribe and to publish in turn is held for both actions", async () => {
    const auth = createAuthenticator({ jwtKey: SECRET, now: () => T0 });
    const token = await rawToken(SECRET, { alg: "HS256" }, { mercure: { publish: ["a"], subscribe: ["b"] } });
    const grants: Record<Action, (Grant | null)[]> = { publish: [], subscribe: [] };
    for (let i = 0; i < 4; i++) {
      for (const action of ["publish", "subscribe"] as const) {
        const result = await auth.authenticate(request(token), action);
        if (result.ok) grants[action].push(result.grant);
      }
    }
    for (const action of ["publish", "subscribe"] as const) {
      const [, second, third, fourth] = grants[action];
      expect(third, `${action}: the third answer is the grant held`).toBe(second);
      expect(fourth, action).toBe(second);
      expect(second?.selectors.map((selector) => selector.pattern)).toEqual([
        action === "publish" ? "a" : "b",
      ]);
    }
  });
});

describe("verified-token cache and key rotation", () => {
  let jwks: JwksServer;
  beforeAll(async () => {
    jwks = await startJwksServer();
  });
  afterAll(() => jwks.close());

  it("a token cached before a JWKS rotation is verified again and refused once its key is gone", async () => {
    const first = await pemPair("ES256");
    const second = await pemPair("ES256");
    jwks.keys = [{ ...first.publicJwk, kid: "one" }];
    const auth = createAuthenticator({ jwksUrl: jwks.url, jwksCooldown: 0 });
    const sign = async (pair: typeof first, kid: string) =>
      rawToken(
        await importPKCS8(pair.privatePem, "ES256"),
        { alg: "ES256", kid },
        { mercure: { subscribe: ["*"] } },
      );
    const old = await sign(first, "one");
    // Twice: the first verification fetched the set, the second is held against the fetched set.
    expect((await auth.authenticate(request(old), "subscribe")).ok).toBe(true);
    expect((await auth.authenticate(request(old), "subscribe")).ok).toBe(true);
    expect(jwks.fetches).toBe(1);

    jwks.keys = [{ ...second.publicJwk, kid: "two" }];
    const fresh = await auth.authenticate(request(await sign(second, "two")), "subscribe");
    expect(fresh.ok, fresh.ok ? "" : fresh.message).toBe(true);
    expect(jwks.fetches).toBe(2);

    const retired = await auth.authenticate(request(old), "subscribe");
    expect(retired.ok).toBe(false);
  });
});
