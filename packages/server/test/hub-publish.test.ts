import { describe, expect, it } from "vitest";
import { runtimeName, withHub } from "./helpers/runtime.ts";
import { openStream, postForm, postJson } from "./helpers/sse.ts";
import { bearer, KEY, token07, token08 } from "./helpers/tokens.ts";

const options = { allowAnonymous: true, jwtKey: KEY };

// [case, form fields, field named in the error, error code]
const BAD_FORMS: [string, [string, string][], string, string][] = [
  ["no topic", [["data", "x"]], "topic", "missing-field"],
  ["empty topic", [["topic", ""]], "topic", "invalid-field"],
  ["topic with a control character", [["topic", "a\u0001b"]], "topic", "invalid-field"],
  [
    "empty id",
    [
      ["topic", "a"],
      ["id", ""],
    ],
    "id",
    "invalid-field",
  ],
  [
    "id starting with #",
    [
      ["topic", "a"],
      ["id", "#1"],
    ],
    "id",
    "invalid-field",
  ],
  [
    "id with LF",
    [
      ["topic", "a"],
      ["id", "a\nb"],
    ],
    "id",
    "invalid-field",
  ],
  [
    "id with CR",
    [
      ["topic", "a"],
      ["id", "a\rb"],
    ],
    "id",
    "invalid-field",
  ],
  [
    "id with NUL",
    [
      ["topic", "a"],
      ["id", "a\u0000b"],
    ],
    "id",
    "invalid-field",
  ],
  [
    "empty type",
    [
      ["topic", "a"],
      ["type", ""],
    ],
    "type",
    "invalid-field",
  ],
  [
    "type with LF",
    [
      ["topic", "a"],
      ["type", "a\nb"],
    ],
    "type",
    "invalid-field",
  ],
  [
    "type with CR",
    [
      ["topic", "a"],
      ["type", "a\rb"],
    ],
    "type",
    "invalid-field",
  ],
  [
    "type with NUL",
    [
      ["topic", "a"],
      ["type", "a\u0000b"],
    ],
    "type",
    "invalid-field",
  ],
  [
    "type=mercure (reserved)",
    [
      ["topic", "a"],
      ["type", "mercure"],
    ],
    "type",
    "reserved-type",
  ],
  [
    "type=ssehub-ready (reserved)",
    [
      ["topic", "a"],
      ["type", "ssehub-ready"],
    ],
    "type",
    "reserved-type",
  ],
  [
    "retry not digits",
    [
      ["topic", "a"],
      ["retry", "1s"],
    ],
    "retry",
    "invalid-field",
  ],
  [
    "negative retry",
    [
      ["topic", "a"],
      ["retry", "-1"],
    ],
    "retry",
    "invalid-field",
  ],
  [
    "retry too large",
    [
      ["topic", "a"],
      ["retry", "9".repeat(20)],
    ],
    "retry",
    "invalid-field",
  ],
];

// [case, JSON body, field, error code]
const BAD_JSON: [string, unknown, string | undefined, string][] = [
  ["not JSON", "{", undefined, "invalid-body"],
  ["an array", [], undefined, "invalid-body"],
  ["unknown field", { topic: "a", extra: 1 }, "extra", "unknown-field"],
  ["no topic", { data: "x" }, "topic", "missing-field"],
  ["topic and topics", { topic: "a", topics: ["b"] }, "topics", "invalid-field"],
  ["topics not strings", { topics: [1] }, "topic", "invalid-field"],
  ["topics empty", { topics: [] }, "topic", "missing-field"],
  ["id a number", { topic: "a", id: 1 }, "id", "invalid-field"],
  ["id with NUL", { topic: "a", id: "a\u0000" }, "id", "invalid-field"],
  ["type with CRLF", { topic: "a", type: "a\r\nb" }, "type", "invalid-field"],
  ["retry a string", { topic: "a", retry: "10" }, "retry", "invalid-field"],
  ["retry fractional", { topic: "a", retry: 1.5 }, "retry", "invalid-field"],
  ["private not boolean", { topic: "a", private: "yes" }, "private", "invalid-field"],
  ["retain not boolean", { topic: "a", retain: 1 }, "retain", "invalid-field"],
];

describe(`publish on ${runtimeName}`, () => {
  it("a form publish answers 200 text/plain with the id; a missing id becomes urn:uuid", async () => {
    await withHub(options, async ({ endpoint }) => {
      const token = bearer(await token07({ publish: ["*"] }));
      const generated = await postForm(
        endpoint,
        [
          ["topic", "a"],
          ["data", "x"],
        ],
        token,
      );
      expect(generated.status).toBe(200);
      expect(generated.headers.get("content-type")!).toMatch(/^text\/plain/);
      expect(generated.body).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      const chosen = await postForm(
        endpoint,
        [
          ["topic", "a"],
          ["id", "https://example.com/e/1"],
        ],
        token,
      );
      expect([chosen.status, chosen.body]).toStrictEqual([200, "https://example.com/e/1"]);
    });
  });

  it("form and JSON fields reach the wire: type, retry, id, alternates, JSON data", async () => {
    await withHub(options, async ({ endpoint }) => {
      const stream = await openStream(`${endpoint}?topic=alt`);
      await stream.waitForEvent("ssehub-ready");
      const token = bearer(await token07({ publish: ["*"] }));
      const form: [string, string][] = [
        ["topic", "main"],
        ["topic", "alt"],
        ["data", "f"],
        ["id", "f1"],
        ["type", "note"],
        ["retry", "2500"],
      ];
      expect((await postForm(endpoint, form, token)).status).toBe(200);
      const json = { topics: ["main", "alt"], data: { n: 1 }, id: "j1", type: "note", retry: 0 };
      expect((await postJson(endpoint, json, token)).status).toBe(200);
      expect((await postJson(endpoint, { topic: "alt", id: "j2", data: "text" }, token)).status).toBe(200);
      const updates = await stream.waitForUpdates(3);
      expect(updates.map(({ type, data, lastEventId }) => [type, data, lastEventId])).toStrictEqual([
        ["note", "f", "f1"],
        ["note", '{"n":1}', "j1"],
        ["message", "text", "j2"],
      ]);
      expect(stream.text()).toMatch(/retry: 2500\n/);
      expect(stream.text()).toMatch(/retry: 0\n/);
      await stream.close();
    });
  });

  it("bad input is refused with 400 naming the field, and nothing reaches the wire", async () => {
    await withHub(options, async ({ endpoint, hub }) => {
      const stream = await openStream(`${endpoint}?topic=*`);
      await stream.waitForEvent("ssehub-ready");
      const token = bearer(await token07({ publish: ["*"] }));
      for (const [name, fields, field, error] of BAD_FORMS) {
        const response = await postForm(endpoint, fields, token);
        expect(response.status, name).toBe(400);
        expect(response.headers.get("content-type")!, name).toMatch(/^application\/json/);
        expect({ ...JSON.parse(response.body), message: undefined }, name).toStrictEqual({
          error,
          field,
          message: undefined,
        });
      }
      for (const [name, body, field, error] of BAD_JSON) {
        const response = await postJson(endpoint, body, token);
        expect(response.status, name).toBe(400);
        const parsed = JSON.parse(response.body);
        expect(parsed.error, name).toBe(error);
        expect(parsed.field, name).toBe(field);
        expect(typeof parsed.message, name).toBe("string");
      }
      const inProcess = [
        { topics: "a", id: "x\ny" },
        { topics: "a", type: "mercure" },
        { topics: [] },
        { topics: "a", data: 5 as unknown as string },
      ];
      for (const bad of inProcess) {
        await expect(hub.publish(bad)).rejects.toMatchObject({ name: "HubError", status: 400 });
      }
      await hub.publish({ topics: "a", data: "only this" });
      await stream.waitForUpdates(1);
      expect(stream.updates().map((event) => event.data)).toStrictEqual(["only this"]);
      // What follows the prelude: the ready marker's own id is a position ("#<epoch>.<seq>") and may hold "#1".
      const text = stream.text();
      const afterPrelude = text.slice(text.indexOf("\n\n", text.indexOf("event: ssehub-ready")) + 2);
      expect(afterPrelude).not.toMatch(/mercure|#1|x\ny/);
      expect(hub.stats().updatesPublished).toBe(1);
      await stream.close();
    });
  });

  it("a body over maxBodySize is refused with 413; another content type with 415", async () => {
    await withHub({ ...options, maxBodySize: 1024 }, async ({ endpoint, hub }) => {
      const token = bearer(await token07({ publish: ["*"] }));
      const big = await postForm(
        endpoint,
        [
          ["topic", "a"],
          ["data", "x".repeat(2000)],
        ],
        token,
      );
      expect(big.status).toBe(413);
      expect(JSON.parse(big.body).error).toBe("body-too-large");
      const chunked = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", ...token },
        body: new Blob([JSON.stringify({ topic: "a", data: "y".repeat(5000) })]).stream(),
        duplex: "half",
      } as RequestInit);
      expect(chunked.status).toBe(413);
      await chunked.body?.cancel();
      const text = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "text/plain", ...token },
      });
      expect(text.status).toBe(415);
      await text.body?.cancel();
      expect(hub.stats().updatesPublished).toBe(0);
    });
  });

  it("publishing needs a token covering every topic: 401 without, 403 beyond its selectors", async () => {
    await withHub(options, async ({ endpoint, hub }) => {
      const none = await postForm(endpoint, [["topic", "a"]]);
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")!).toMatch(/^Bearer/);
      const bad = await postForm(endpoint, [["topic", "a"]], bearer("not.a.token"));
      expect(bad.status).toBe(401);
      expect(bad.headers.get("www-authenticate")!).toMatch(/error="invalid_token"/);
      const books = bearer(await token07({ publish: ["https://example.com/books/{id}"] }));
      const partly = await postForm(
        endpoint,
        [
          ["topic", "https://example.com/books/1"],
          ["topic", "https://example.com/authors/1"],
        ],
        books,
      );
      expect(partly.status).toBe(403);
      expect(JSON.parse(partly.body).error).toBe("insufficient_scope");
      const scoped08 = bearer(await token08(["publish"], [{ match: "https://example.com/books/1" }]));
      const denied08 = await postForm(endpoint, [["topic", "https://example.com/books/2"]], scoped08);
      expect(denied08.status).toBe(403);
      expect(denied08.headers.get("www-authenticate")).toBe('Bearer error="insufficient_scope"');
      const subscriberOnly = bearer(await token07({ subscribe: ["*"] }));
      expect((await postForm(endpoint, [["topic", "a"]], subscriberOnly)).status).toBe(403);
      expect((await postForm(endpoint, [["topic", "https://example.com/books/1"]], books)).status).toBe(200);
      expect(hub.stats().updatesPublished).toBe(1);
    });
  });

  it("topics in the hub's own /.well-known/mercure namespace are refused with 400", async () => {
    await withHub(options, async ({ endpoint, hub }) => {
      const token = bearer(await token07({ publish: ["*"] }));
      for (const topic of [
        "/.well-known/mercure/subscriptions/a/b",
        "https://other.test/.well-known/mercure",
      ]) {
        const response = await postForm(endpoint, [["topic", topic]], token);
        expect(response.status, topic).toBe(400);
        expect(JSON.parse(response.body).error).toBe("reserved-topic");
      }
      expect(hub.stats().updatesPublished).toBe(0);
    });
  });
});
