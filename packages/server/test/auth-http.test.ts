import { importPKCS8 } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "../src/auth/index.ts";
import { type JwksServer, startJwksServer } from "./fixtures/auth-jwks-server.ts";
import { nowSeconds, pemPair, rawToken, unsignedToken } from "./fixtures/auth-keys.ts";
import { type TestHub, withHub } from "./helpers/runtime.ts";
import { openStream, postForm } from "./helpers/sse.ts";

// The auth matrix again, end to end: real sockets, the runtime's serve(), the hub's own status codes.
const SECRET = "auth-http-secret-with-enough-bytes-for-hs256";
const ISS = "https://issuer.test";
const AUD = "https://hub.test";
const DETAIL = "https://mercure.rocks/authorization-detail";

const rsa = await pemPair("RS256");
let jwks: JwksServer;
beforeAll(async () => {
  jwks = await startJwksServer([{ ...rsa.publicJwk, kid: "rsa-1" }]);
});
afterAll(() => jwks.close());

const publish07 = (topics: string[], extra: Record<string, unknown> = {}) =>
  rawToken(SECRET, { alg: "HS256" }, { mercure: { publish: topics }, ...extra });

const at08 = (actions: string[], match: string, extra: Record<string, unknown> = {}) =>
  rawToken(
    SECRET,
    { alg: "HS256", typ: "at+jwt" },
    {
      iss: ISS,
      aud: AUD,
      exp: nowSeconds() + 60,
      authorization_details: [{ type: DETAIL, actions, topics: [{ match }] }],
      ...extra,
    },
  );

async function publishWith(t: TestHub, headers: Record<string, string>, topic = "urn:a") {
  return postForm(
    t.endpoint,
    [
      ["topic", topic],
      ["data", "x"],
    ],
    headers,
  );
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function subscribeStatus(url: string, headers: Record<string, string> = {}) {
  const stream = await openStream(url, { headers });
  const status = stream.response.status;
  const challenge = stream.response.headers.get("www-authenticate");
  await stream.close();
  return { status, challenge };
}

describe("auth over HTTP", () => {
  const options = { jwtKey: SECRET, jwtIssuer: ISS, jwtAudience: AUD };

  it("publish: each row of the matrix gets its status", async () => {
    await withHub(options, async (t) => {
      const rsKey = await importPKCS8(rsa.privatePem, "RS256");
      const rows: [string, Record<string, string>, number, RegExp?][] = [
        ["missing token", {}, 401, /^Bearer$/],
        ["draft-07 claim", bearer(await publish07(["urn:a"])), 200],
        ["draft-08 at+jwt", bearer(await at08(["publish"], "urn:a")), 200],
        [
          "invalid signature",
          bearer(await rawToken("other", { alg: "HS256" }, { mercure: { publish: ["*"] } })),
          401,
          /invalid_token/,
        ],
        ["expired", bearer(await publish07(["*"], { exp: nowSeconds() - 5 })), 401, /invalid_token/],
        ["alg: none", bearer(unsignedToken({ mercure: { publish: ["*"] } })), 401, /invalid_token/],
        [
          "RS256 token on an HS256 hub",
          bearer(await rawToken(rsKey, { alg: "RS256" }, { mercure: { publish: ["*"] } })),
          401,
        ],
        ["wrong topic (draft-07)", bearer(await publish07(["urn:b"])), 403],
        ["wrong topic (draft-08)", bearer(await at08(["publish"], "urn:b")), 403, /insufficient_scope/],
        ["subscribe-only grant", bearer(await at08(["subscribe"], "*")), 403],
        ["draft-08 wrong iss", bearer(await at08(["publish"], "*", { iss: "https://evil" })), 401],
        ["draft-08 wrong aud", bearer(await at08(["publish"], "*", { aud: "https://elsewhere" })), 401],
        ["draft-08 without exp", bearer(await at08(["publish"], "*", { exp: undefined })), 401],
      ];
      for (const [name, headers, status, challenge] of rows) {
        const response = await publishWith(t, headers);
        expect(response.status, `${name}: ${response.body}`).toBe(status);
        if (status !== 200)
          expect(JSON.parse(response.body).error, `${name}: machine-readable error`).toMatch(/\w/);
        if (challenge) expect(response.headers.get("www-authenticate") ?? "", name).toMatch(challenge);
      }
      expect(t.hub.stats().updatesPublished, "nothing of a refused publish is dispatched").toBe(2);
    });
  });

  it("HS256 token signed with the RSA public key is refused by an RS256 hub", async () => {
    await withHub({ jwtKey: rsa.publicPem, jwtAlgorithm: "RS256" }, async (t) => {
      const forged = await rawToken(rsa.publicPem, { alg: "HS256" }, { mercure: { publish: ["*"] } });
      expect((await publishWith(t, bearer(forged))).status).toBe(401);
      const genuine = await signToken(rsa.privatePem, "RS256", { publish: ["*"] });
      expect((await publishWith(t, bearer(genuine))).status).toBe(200);
    });
  });

  it("JWKS key set verifies tokens by kid", async () => {
    await withHub({ jwksUrl: jwks.url }, async (t) => {
      const key = await importPKCS8(rsa.privatePem, "RS256");
      const token = await rawToken(key, { alg: "RS256", kid: "rsa-1" }, { mercure: { publish: ["*"] } });
      expect((await publishWith(t, bearer(token))).status).toBe(200);
      const unknown = await rawToken(
        key,
        { alg: "RS256", kid: "rsa-unknown" },
        { mercure: { publish: ["*"] } },
      );
      expect((await publishWith(t, bearer(unknown))).status).toBe(401);
    });
  });

  it("separate publisher and subscriber keys", async () => {
    await withHub({ publisherJwtKey: "pub-key", subscriberJwtKey: "sub-key" }, async (t) => {
      const publisher = await signToken("pub-key", "HS256", { publish: ["*"], subscribe: ["*"] });
      const subscriber = await signToken("sub-key", "HS256", { publish: ["*"], subscribe: ["*"] });
      expect((await publishWith(t, bearer(publisher))).status).toBe(200);
      expect((await publishWith(t, bearer(subscriber))).status).toBe(401);
      expect((await subscribeStatus(`${t.endpoint}?topic=*`, bearer(subscriber))).status).toBe(200);
      expect((await subscribeStatus(`${t.endpoint}?topic=*`, bearer(publisher))).status).toBe(401);
    });
  });

  it("subscribe carriers: header, both cookies, query for draft-07 only", async () => {
    await withHub(options, async (t) => {
      const sub07 = await signToken(SECRET, "HS256", { subscribe: ["*"] });
      const sub08 = await at08(["subscribe"], "*");
      const url = `${t.endpoint}?topic=urn:a`;
      expect((await subscribeStatus(url)).status, "no token, no anonymous").toBe(401);
      expect((await subscribeStatus(url, bearer(sub07))).status).toBe(200);
      expect((await subscribeStatus(url, { cookie: `mercureAuthorization=${sub07}` })).status).toBe(200);
      expect((await subscribeStatus(url, { cookie: `__Secure-mercure_access_token=${sub08}` })).status).toBe(
        200,
      );
      expect((await subscribeStatus(`${url}&authorization=${sub07}`)).status).toBe(200);
      const query08 = await subscribeStatus(`${url}&authorization=${sub08}`);
      expect(query08.status).toBe(401);
      expect(query08.challenge ?? "").toMatch(/error=/);
    });
  });

  it("cookie publish: the hub's own origin yes, a foreign origin no", async () => {
    await withHub(options, async (t) => {
      const cookie = `mercureAuthorization=${await publish07(["urn:a"])}`;
      expect((await publishWith(t, { cookie, origin: t.url })).status).toBe(200);
      expect((await publishWith(t, { cookie, origin: "https://evil.example" })).status).toBe(401);
    });
  });

  it("a private update reaches only subscribers granted its topic, and exp ends the stream", async () => {
    await withHub({ ...options, allowAnonymous: true, heartbeat: 0 }, async (t) => {
      const granted = await openStream(`${t.endpoint}?topic=urn:p`, {
        headers: bearer(await signToken(SECRET, "HS256", { subscribe: ["urn:p"], expiresIn: 2000 })),
      });
      const other = await openStream(`${t.endpoint}?topic=urn:p`, {
        headers: bearer(await signToken(SECRET, "HS256", { subscribe: ["urn:q"] })),
      });
      const anonymous = await openStream(`${t.endpoint}?topic=urn:p`);
      try {
        await Promise.all([granted, other, anonymous].map((s) => s.waitForEvent("ssehub-ready")));
        const token = await publish07(["urn:p"]);
        const response = await postForm(
          t.endpoint,
          [
            ["topic", "urn:p"],
            ["data", "secret"],
            ["private", "on"],
          ],
          bearer(token),
        );
        expect(response.status).toBe(200);
        await postForm(
          t.endpoint,
          [
            ["topic", "urn:p"],
            ["data", "public"],
          ],
          bearer(token),
        );
        await Promise.all([other, anonymous].map((s) => s.waitForUpdates(1)));
        await granted.waitForEnd(4000);
        expect(granted.updates().map((e) => e.data)).toStrictEqual(["secret", "public"]);
        expect(other.updates().map((e) => e.data)).toStrictEqual(["public"]);
        expect(anonymous.updates().map((e) => e.data)).toStrictEqual(["public"]);
      } finally {
        await Promise.all([granted, other, anonymous].map((s) => s.close()));
      }
    });
  });
});
