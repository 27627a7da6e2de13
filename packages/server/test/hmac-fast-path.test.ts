import { createHmac } from "node:crypto";
import fc from "fast-check";
import { jwtVerify } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyHmacFast } from "../src/auth/hmac-fast-path.ts";
import { createAuthenticator } from "../src/auth/index.ts";
import { rawToken } from "./fixtures/auth-keys.ts";

const SECRET = "a-test-secret-that-is-long-enough-for-hs256";
const KEY = { secret: new TextEncoder().encode(SECRET), algorithm: "HS256" };
const NOW = Date.UTC(2030, 0, 1);
const NOW_S = NOW / 1000;
const HUB = "http://127.0.0.1/.well-known/mercure";

const part = (text: string) => Buffer.from(text).toString("base64url");
/** A token over exact header and payload text, signed with `secret` (valid or not as the text is). */
function craft(header: string, payload: string, secret = SECRET, hash = "sha256"): string {
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest("base64url")}`;
}

/** What jose says of the token with the same key and clock: its payload, or undefined when it refuses. */
async function joseVerdict(token: string, key = KEY): Promise<unknown> {
  try {
    const { payload } = await jwtVerify(token, key.secret, {
      algorithms: [key.algorithm],
      currentDate: new Date(NOW),
    });
    return payload;
  } catch {
    return undefined;
  }
}

const claims = JSON.stringify({ mercure: { publish: ["*"] }, sub: "p", iat: NOW_S - 5 });
const plain = craft('{"alg":"HS256","typ":"JWT"}', claims);

// Tokens the fast path must leave to jose; jose refuses most of them, and accepts a few the fast path is stricter on.
const others: [string, string][] = [
  ["a wrong signature", craft('{"alg":"HS256"}', claims, "another-secret-that-is-long-enough!!")],
  ["the signature of another algorithm", craft('{"alg":"HS512"}', claims, SECRET, "sha512")],
  ["alg none", `${part('{"alg":"none"}')}.${part(claims)}.`],
  ["an expired exp", craft('{"alg":"HS256"}', JSON.stringify({ exp: NOW_S }))],
  ["a future nbf", craft('{"alg":"HS256"}', JSON.stringify({ nbf: NOW_S + 1 }))],
  ["an exp that is text", craft('{"alg":"HS256"}', JSON.stringify({ exp: String(NOW_S + 60) }))],
  ["an iat that is text", craft('{"alg":"HS256"}', JSON.stringify({ iat: "yesterday" }))],
  ["a crit header", craft('{"alg":"HS256","crit":["b64"],"b64":false}', claims)],
  ["an unknown header field", craft('{"alg":"HS256","jku":"https://x.example"}', claims)],
  ["an at+jwt type", craft('{"alg":"HS256","typ":"at+jwt"}', claims)],
  ["a payload that is an array", craft('{"alg":"HS256"}', "[1,2]")],
  ["a payload that is not JSON", craft('{"alg":"HS256"}', "{mercure")],
  ["a header that is not JSON", craft("alg=HS256", claims)],
  ["a padded part", plain.replace(".", "=.")],
  ["a base64 (not url) character", `+${plain.slice(1)}`],
  ["four parts", `${plain}.x`],
  ["two parts", plain.slice(0, plain.lastIndexOf("."))],
  ["an empty header part", `.${plain.slice(plain.indexOf(".") + 1)}`],
];

describe("HMAC fast path of token verification", () => {
  afterEach(() => vi.restoreAllMocks());

  it("accepts a plain draft-07 token with the payload jose returns, for HS256, HS384 and HS512", async () => {
    expect(verifyHmacFast(plain, KEY, NOW)).toEqual(await joseVerdict(plain));
    for (const [alg, hash] of [
      ["HS384", "sha384"],
      ["HS512", "sha512"],
    ] as const) {
      const key = { ...KEY, algorithm: alg };
      const token = craft(`{"alg":"${alg}"}`, JSON.stringify({ exp: NOW_S + 1, nbf: NOW_S }), SECRET, hash);
      expect(verifyHmacFast(token, key, NOW)).toEqual({ exp: NOW_S + 1, nbf: NOW_S });
      expect(await joseVerdict(token, key)).toEqual({ exp: NOW_S + 1, nbf: NOW_S });
    }
  });

  it("accepts payloads of any size and characters as jose does (past the 4,096-byte decoding buffer too)", async () => {
    for (const sub of ["é€😀", "x".repeat(3000), "y".repeat(4096), "ü".repeat(2500)]) {
      const token = craft('{"alg":"HS256"}', JSON.stringify({ sub, exp: NOW_S + 60 }));
      expect(verifyHmacFast(token, KEY, NOW)).toEqual({ sub, exp: NOW_S + 60 });
      expect(await joseVerdict(token)).toEqual({ sub, exp: NOW_S + 60 });
    }
  });

  it.each(others)("leaves %s to jose, and never accepts what jose refuses", async (_, token) => {
    expect(verifyHmacFast(token, KEY, NOW)).toBeUndefined();
  });

  it("jose refuses every leftover token but the cases the fast path is stricter on", async () => {
    const acceptedByJose = [];
    for (const [name, token] of others)
      if ((await joseVerdict(token)) !== undefined) acceptedByJose.push(name);
    // An at+jwt token is a draft-08 one: the hub verifies it with jose and the draft-08 checks.
    expect(acceptedByJose).toEqual(["an unknown header field", "an at+jwt type"]);
  });

  it("accepts none of 600 seeded one-character mutations of a valid token", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    const valid = craft('{"alg":"HS256","typ":"JWT"}', JSON.stringify({ exp: NOW_S + 60, sub: "p" }));
    // Replace, insert or delete one character: signature, payload, header and separators alike.
    const mutation = fc.record({
      at: fc.nat(valid.length - 1),
      kind: fc.constantFrom("replace", "insert", "delete"),
      char: fc.constantFrom(...alphabet),
    });
    let changed = 0;
    fc.assert(
      fc.property(mutation, ({ at, kind, char }) => {
        const mutated =
          kind === "replace"
            ? valid.slice(0, at) + char + valid.slice(at + 1)
            : kind === "insert"
              ? valid.slice(0, at) + char + valid.slice(at)
              : valid.slice(0, at) + valid.slice(at + 1);
        // A character replaced by itself leaves the token as it was.
        if (mutated === valid) return;
        changed++;
        // The signature covers the header and payload text, and only its canonical spelling is taken.
        expect(verifyHmacFast(mutated, KEY, NOW), mutated).toBeUndefined();
      }),
      { numRuns: 600, seed: 12345 },
    );
    expect(changed).toBeGreaterThan(580);
    expect(verifyHmacFast(valid, KEY, NOW)).toEqual({ exp: NOW_S + 60, sub: "p" });
  });

  it("the hub verifies a plain HS256 token without Web Crypto and leaves a bad one to jose (counted calls)", async () => {
    const verify = vi.spyOn(crypto.subtle, "verify");
    const auth = createAuthenticator({ jwtKey: SECRET });
    const request = (token: string) => new Request(HUB, { headers: { authorization: `Bearer ${token}` } });
    const draft07 = await rawToken(SECRET, { alg: "HS256" }, { mercure: { publish: ["*"] } });
    expect((await auth.authenticate(request(draft07), "publish")).ok).toBe(true);
    expect(verify).toHaveBeenCalledTimes(0);
    const wrong = await rawToken("another-secret-that-is-long-enough!!", { alg: "HS256" }, { mercure: {} });
    const refused = await auth.authenticate(request(wrong), "publish");
    expect(refused.ok ? "" : refused.message).toMatch(/signature is invalid/);
    expect(verify).toHaveBeenCalledTimes(1);
  });
});
