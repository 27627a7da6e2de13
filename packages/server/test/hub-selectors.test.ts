import { describe, expect, it } from "vitest";
import type { Hub } from "../src/types.ts";
import { runtimeName, withHub } from "./helpers/runtime.ts";
import { openStream, type Stream } from "./helpers/sse.ts";
import { bearer, KEY, token07, token08 } from "./helpers/tokens.ts";

const BOOKS = "https://example.com/books";
const SENTINEL = "urn:test:sentinel";

/** Publishes `updates`, then a public sentinel everyone subscribes to; returns the data each stream got before it. */
async function deliver(
  hub: Hub,
  streams: Stream[],
  updates: Parameters<Hub["publish"]>[0][],
): Promise<string[][]> {
  for (const stream of streams) await stream.waitForEvent("ssehub-ready");
  for (const update of updates) await hub.publish(update);
  await hub.publish({ topics: SENTINEL, data: "end" });
  const received: string[][] = [];
  for (const stream of streams) {
    await stream.waitForUpdates(1);
    await waitForSentinel(stream);
    received.push(
      stream
        .updates()
        .map((event) => event.data)
        .filter((data) => data !== "end"),
    );
    await stream.close();
  }
  return received;
}

async function waitForSentinel(stream: Stream): Promise<void> {
  for (let n = 1; !stream.updates().some((event) => event.data === "end"); n++)
    await stream.waitForUpdates(n);
}

function query(params: [string, string][]): string {
  return new URLSearchParams([...params, ["topic", SENTINEL]]).toString();
}

describe(`selectors on ${runtimeName}`, () => {
  it("draft-07 topic=: exact string, RFC 6570 template and *", async () => {
    await withHub({ allowAnonymous: true }, async ({ endpoint, hub }) => {
      const exact = await openStream(`${endpoint}?${query([["topic", `${BOOKS}/1`]])}`);
      const template = await openStream(`${endpoint}?${query([["topic", `${BOOKS}/{id}`]])}`);
      const all = await openStream(`${endpoint}?topic=*`);
      const received = await deliver(
        hub,
        [exact, template, all],
        [
          { topics: `${BOOKS}/1`, data: "book 1" },
          { topics: `${BOOKS}/2`, data: "book 2" },
          { topics: `${BOOKS}/1/2`, data: "nested" },
          { topics: "https://example.com/authors/1", data: "author" },
        ],
      );
      expect(received).toStrictEqual([
        ["book 1"],
        ["book 1", "book 2"],
        ["book 1", "book 2", "nested", "author"],
      ]);
    });
  });

  it("draft-08 match= (exact, also for template-looking text), match_urlpattern= and matchURLPattern=", async () => {
    await withHub({ allowAnonymous: true }, async ({ endpoint, hub }) => {
      const exact = await openStream(`${endpoint}?${query([["match", `${BOOKS}/1`]])}`);
      const literal = await openStream(`${endpoint}?${query([["match", `${BOOKS}/{id}`]])}`);
      const pattern = await openStream(`${endpoint}?${query([["match_urlpattern", `${BOOKS}/:id`]])}`);
      const camel = await openStream(`${endpoint}?${query([["matchURLPattern", `${BOOKS}/:id`]])}`);
      const all = await openStream(`${endpoint}?match=*`);
      const received = await deliver(
        hub,
        [exact, literal, pattern, camel, all],
        [
          { topics: `${BOOKS}/1`, data: "book 1" },
          { topics: `${BOOKS}/{id}`, data: "literal" },
          { topics: `${BOOKS}/2`, data: "book 2" },
          { topics: `${BOOKS}/1/2`, data: "nested" },
        ],
      );
      expect(received).toStrictEqual([
        ["book 1"],
        ["literal"],
        ["book 1", "literal", "book 2"],
        ["book 1", "literal", "book 2"],
        ["book 1", "literal", "book 2", "nested"],
      ]);
    });
  });

  it("relative URL patterns (subscription and draft-08 grant) resolve against the hub's own URL", async () => {
    await withHub({ allowAnonymous: true, jwtKey: KEY }, async ({ endpoint, url, hub }) => {
      const relative = await openStream(`${endpoint}?${query([["match_urlpattern", "/books/:id"]])}`);
      const granted = await openStream(`${endpoint}?match=*`, {
        headers: bearer(await token08(["subscribe"], [{ match: "/books/:id", match_type: "urlpattern" }])),
      });
      const received = await deliver(
        hub,
        [relative, granted],
        [
          { topics: `${url}/books/1`, data: "own book" },
          { topics: `${url}/books/2`, data: "own private book", private: true },
          { topics: `${BOOKS}/3`, data: "other host" },
          { topics: `${BOOKS}/4`, data: "other host private", private: true },
        ],
      );
      expect(received).toStrictEqual([["own book"], ["own book", "own private book", "other host"]]);
    });
  });

  it("an update reaches a subscriber through an alternate topic, once even when several selectors match", async () => {
    await withHub({ allowAnonymous: true }, async ({ endpoint, hub }) => {
      const alternate = await openStream(`${endpoint}?${query([["topic", "urn:alt"]])}`);
      const both = await openStream(
        `${endpoint}?${query([
          ["topic", "urn:main"],
          ["topic", "urn:alt"],
          ["topic", "*"],
        ])}`,
      );
      const received = await deliver(
        hub,
        [alternate, both],
        [{ topics: ["urn:main", "urn:alt"], data: "one" }],
      );
      expect(received).toStrictEqual([["one"], ["one"]]);
    });
  });

  it("bad selector parameters are refused with 400 naming the parameter", async () => {
    await withHub({ allowAnonymous: true }, async ({ endpoint }) => {
      const cases: [string, string, string][] = [
        ["match_regexp=a", "match_regexp", "unknown-matcher"],
        ["matchFoo=a", "matchFoo", "unknown-matcher"],
        ["", "topic", "missing-field"],
        ["lastEventID=x", "topic", "missing-field"],
        ["topic=", "topic", "invalid-selector"],
        ["topic=a%0Ab", "topic", "invalid-selector"],
        [
          `match_urlpattern=${encodeURIComponent(`${BOOKS}/:id(\\d+)`)}`,
          "match_urlpattern",
          "invalid-selector",
        ],
      ];
      for (const [search, field, error] of cases) {
        const response = await fetch(`${endpoint}?${search}`);
        expect(response.status, search).toBe(400);
        expect(response.headers.get("content-type")!).toMatch(/^application\/json/);
        const body = await response.json();
        expect(body.field, search).toBe(field);
        expect(body.error, search).toBe(error);
        expect(typeof body.message).toBe("string");
      }
    });
  });
});

describe(`private and anonymous subscribers on ${runtimeName}`, () => {
  it("anonymous subscribers get public updates only; a token's selectors open private ones", async () => {
    await withHub({ allowAnonymous: true, jwtKey: KEY }, async ({ endpoint, hub }) => {
      const anonymous = await openStream(`${endpoint}?topic=*`);
      const books07 = await openStream(`${endpoint}?topic=*`, {
        headers: bearer(await token07({ subscribe: [`${BOOKS}/{id}`] })),
      });
      const books08 = await openStream(`${endpoint}?match=*`, {
        headers: bearer(await token08(["subscribe"], [{ match: `${BOOKS}/:id`, match_type: "urlpattern" }])),
      });
      const everything = await openStream(`${endpoint}?topic=*`, {
        headers: bearer(await token07({ subscribe: ["*"] })),
      });
      const received = await deliver(
        hub,
        [anonymous, books07, books08, everything],
        [
          { topics: `${BOOKS}/1`, data: "public book" },
          { topics: `${BOOKS}/1`, data: "private book", private: true },
          { topics: ["urn:other", `${BOOKS}/2`], data: "private via alternate", private: true },
          { topics: "https://example.com/authors/1", data: "private author", private: true },
        ],
      );
      expect(received).toStrictEqual([
        ["public book"],
        ["public book", "private book", "private via alternate"],
        ["public book", "private book", "private via alternate"],
        ["public book", "private book", "private via alternate", "private author"],
      ]);
    });
  });

  it("without allowAnonymous a subscriber needs a token (401 with a Bearer challenge)", async () => {
    await withHub({ jwtKey: KEY }, async ({ endpoint }) => {
      const response = await fetch(`${endpoint}?topic=a`);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")!).toMatch(/^Bearer/);
      expect((await response.json()).error).toBe("unauthorized");
      const withToken = await openStream(`${endpoint}?topic=a`, {
        headers: bearer(await token07({ subscribe: ["urn:unrelated"] })),
      });
      // A valid token lets a subscriber in; its selectors only decide about private updates.
      expect(withToken.response.status).toBe(200);
      await withToken.close();
    });
  });

  it("the authorize hook decides before the token: false → 403, true → allowed without one", async () => {
    const hook = ({ topics }: { topics: string[] }) =>
      topics.includes("denied") ? false : topics.includes("open") ? true : undefined;
    await withHub({ jwtKey: KEY, authorize: hook }, async ({ endpoint }) => {
      const denied = await fetch(`${endpoint}?topic=denied`);
      expect(denied.status).toBe(403);
      await denied.body?.cancel();
      const open = await openStream(`${endpoint}?topic=open`);
      expect(open.response.status).toBe(200);
      await open.close();
      const deferred = await fetch(`${endpoint}?topic=other`);
      expect(deferred.status).toBe(401);
      await deferred.body?.cancel();
    });
  });
});
