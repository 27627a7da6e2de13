// One test per row of the protocol table in MERCURE-PROTOCOL.md, each checking both generations.
import { describe, expect, it } from "vitest";
import { runtimeName, withHub } from "./helpers/runtime.ts";
import { openStream, postForm, type Stream } from "./helpers/sse.ts";
import { AUDIENCE, bearer, ISSUER, KEY, token07, token08 } from "./helpers/tokens.ts";

const BOOKS = "https://example.com/books";
const strict = { jwtKey: KEY, jwtIssuer: ISSUER, jwtAudience: AUDIENCE };

async function dataOf(stream: Stream, count: number): Promise<string[]> {
  return (await stream.waitForUpdates(count)).map((event) => event.data);
}

function base64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

describe(`Mercure protocol table on ${runtimeName}`, () => {
  it("subscribe selector: draft-07 topic= (exact, RFC 6570, *); draft-08 match=, match_urlpattern=, unknown match_<type> → 400", async () => {
    await withHub({ allowAnonymous: true }, async ({ endpoint, hub }) => {
      const d07 = await openStream(`${endpoint}?topic=${encodeURIComponent(`${BOOKS}/{id}`)}&topic=urn:x`);
      const d08 = await openStream(
        `${endpoint}?match=urn:x&match_urlpattern=${encodeURIComponent(`${BOOKS}/:id`)}`,
      );
      await d07.waitForEvent("ssehub-ready");
      await d08.waitForEvent("ssehub-ready");
      await hub.publish({ topics: "urn:x", data: "exact" });
      await hub.publish({ topics: `${BOOKS}/7`, data: "pattern" });
      expect(await dataOf(d07, 2)).toStrictEqual(["exact", "pattern"]);
      expect(await dataOf(d08, 2)).toStrictEqual(["exact", "pattern"]);
      const unknown = await fetch(`${endpoint}?match_glob=*`);
      expect(unknown.status).toBe(400);
      expect((await unknown.json()).field).toBe("match_glob");
      await d07.close();
      await d08.close();
    });
  });

  it("resume: draft-07 Last-Event-ID header or lastEventID (header wins); draft-08 header or last_event_id", async () => {
    await withHub({ allowAnonymous: true }, async ({ endpoint, hub }) => {
      for (const id of ["1", "2", "3"]) await hub.publish({ topics: "a", id, data: id });
      const header07 = await openStream(`${endpoint}?topic=a&lastEventID=1`, {
        headers: { "last-event-id": "2" },
      });
      const query07 = await openStream(`${endpoint}?topic=a&lastEventID=1`);
      const header08 = await openStream(`${endpoint}?match=a&last_event_id=1`, {
        headers: { "last-event-id": "2" },
      });
      const query08 = await openStream(`${endpoint}?match=a&last_event_id=1`);
      expect(await dataOf(header07, 1)).toStrictEqual(["3"]);
      expect(await dataOf(query07, 2)).toStrictEqual(["2", "3"]);
      expect(await dataOf(header08, 1)).toStrictEqual(["3"]);
      expect(await dataOf(query08, 2)).toStrictEqual(["2", "3"]);
      for (const stream of [header07, query07, header08, query08]) await stream.close();
    });
  });

  it("resume response header: draft-07 Last-Event-ID, draft-08 Mercure-Last-Event-ID", async () => {
    await withHub({ allowAnonymous: true }, async ({ endpoint, hub }) => {
      await hub.publish({ topics: "a", id: "x1" });
      const d07 = await openStream(`${endpoint}?topic=a&lastEventID=x1`);
      const d08 = await openStream(`${endpoint}?match=a&last_event_id=x1`);
      const unknown = await openStream(`${endpoint}?match=a&last_event_id=gone`);
      const fresh = await openStream(`${endpoint}?topic=a`);
      // The position just before the first event sent (x1 is the 1st entry): never an update id, so it cannot
      // name one the subscriber may not read; a position resumes like an id.
      expect(d07.response.headers.get("last-event-id")).toMatch(/^#[A-Za-z0-9]{1,32}\.1$/);
      expect(d08.response.headers.get("mercure-last-event-id")).toMatch(/^#[A-Za-z0-9]{1,32}\.1$/);
      expect(unknown.response.headers.get("mercure-last-event-id")).toBe("earliest");
      expect(fresh.response.headers.get("last-event-id")).toBe(null);
      expect(fresh.response.headers.get("mercure-last-event-id")).toBe(null);
      for (const stream of [d07, d08, unknown, fresh]) await stream.close();
    });
  });

  it("JWT: draft-07 mercure claim; draft-08 at+jwt with iss, aud, exp and authorization_details; alg none refused", async () => {
    await withHub(strict, async ({ endpoint }) => {
      const claim07 = bearer(await token07({ publish: [`${BOOKS}/{id}`] }));
      const claim08 = bearer(
        await token08(["publish"], [{ match: `${BOOKS}/:id`, match_type: "urlpattern" }]),
      );
      expect((await postForm(endpoint, [["topic", `${BOOKS}/1`]], claim07)).status).toBe(200);
      expect((await postForm(endpoint, [["topic", `${BOOKS}/1`]], claim08)).status).toBe(200);
      const header = base64url({ alg: "none", typ: "at+jwt" });
      const payload = base64url({
        iss: ISSUER,
        aud: AUDIENCE,
        exp: Math.floor(Date.now() / 1000) + 60,
        authorization_details: [
          {
            type: "https://mercure.rocks/authorization-detail",
            actions: ["publish"],
            topics: [{ match: "*" }],
          },
        ],
      });
      const none = await postForm(endpoint, [["topic", `${BOOKS}/1`]], bearer(`${header}.${payload}.`));
      expect(none.status).toBe(401);
    });
    await withHub({ ...strict, jwtIssuer: "https://someone-else.test" }, async ({ endpoint }) => {
      const wrongIssuer = bearer(await token08(["publish"], [{ match: "*" }]));
      expect((await postForm(endpoint, [["topic", "a"]], wrongIssuer)).status).toBe(401);
    });
  });

  it("token carriers: draft-07 Bearer, mercureAuthorization cookie, authorization query; draft-08 Bearer and __Secure- cookie, no query token", async () => {
    await withHub(strict, async ({ endpoint }) => {
      const t07 = await token07({ subscribe: ["*"] });
      const t08 = await token08(["subscribe"], [{ match: "*" }]);
      const accepted: [string, RequestInit][] = [
        [`${endpoint}?topic=a`, { headers: bearer(t07) }],
        [`${endpoint}?topic=a`, { headers: { cookie: `mercureAuthorization=${t07}` } }],
        [`${endpoint}?topic=a&authorization=${t07}`, {}],
        [`${endpoint}?match=a`, { headers: bearer(t08) }],
        [`${endpoint}?match=a`, { headers: { cookie: `__Secure-mercure_access_token=${t08}` } }],
      ];
      for (const [url, init] of accepted) {
        const stream = await openStream(url, init);
        expect(stream.response.status, `${url} ${JSON.stringify(init)}`).toBe(200);
        await stream.close();
      }
      const queryToken08 = await fetch(`${endpoint}?match=a&access_token=${t08}`);
      expect(queryToken08.status).toBe(401);
      await queryToken08.body?.cancel();
    });
  });

  it("auth errors: 401 missing/invalid, 403 not allowed; draft-08 with RFC 6750 WWW-Authenticate", async () => {
    await withHub(strict, async ({ endpoint }) => {
      const missing = await postForm(endpoint, [["topic", "a"]]);
      expect(missing.status).toBe(401);
      expect(missing.headers.get("www-authenticate")).toBe("Bearer");
      const expired08 = bearer(
        await token08(["publish"], [{ match: "*" }], { exp: Math.floor(Date.now() / 1000) - 60 }),
      );
      const invalid = await postForm(endpoint, [["topic", "a"]], expired08);
      expect(invalid.status).toBe(401);
      expect(invalid.headers.get("www-authenticate")!).toMatch(/^Bearer error="invalid_token"/);
      expect(JSON.parse(invalid.body).error).toBe("invalid_token");
      const narrow08 = bearer(await token08(["publish"], [{ match: "b" }]));
      const forbidden = await postForm(endpoint, [["topic", "a"]], narrow08);
      expect(forbidden.status).toBe(403);
      expect(forbidden.headers.get("www-authenticate")).toBe('Bearer error="insufficient_scope"');
      const narrow07 = bearer(await token07({ publish: ["b"] }));
      expect((await postForm(endpoint, [["topic", "a"]], narrow07)).status).toBe(403);
    });
  });
});
