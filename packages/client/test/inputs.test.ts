import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type ClientError, discover, ErrorCode, publish, subscribe } from "../src/index.ts";
import { rawServer, sse } from "./helpers/raw-server.ts";
import { take, waitFor } from "./helpers/wait.ts";

// Issue 13: inputs that used to surface as the platform's TypeError (or a URIError) end with a code.

const server = await rawServer((request, response) => {
  if (request.method === "POST") {
    response.writeHead(200, { "content-type": "text/plain" });
    response.end("id-1");
  } else {
    sse(response, [
      'id: 1\nevent: constructor\ndata: {"a":1}\n\n',
      "id: 2\nevent: toString\ndata: 2\n\n",
      "id: 3\nevent: __proto__\ndata: 3\n\n",
      "id: 4\nevent: hasOwnProperty\ndata: 4\n\n",
      'id: 5\nevent: counter\ndata: {"value":5}\n\n',
    ]);
  }
});
afterAll(() => server.close());

const base = { topics: "urn:t", backoff: { min: 1, max: 5 } };

/** The error `run` throws or rejects with, or a failure when it does neither. */
async function caught(run: () => unknown): Promise<ClientError> {
  try {
    await run();
  } catch (error) {
    return error as ClientError;
  }
  throw new Error("expected an error");
}

const invalidOptions = { name: "ClientError", code: ErrorCode.InvalidOptions, fatal: true };

describe("header values the platform refuses", () => {
  const bad: [string, HeadersInit][] = [
    ["a line break", { "x-app": "a\r\nInjected: 1" }],
    ["NUL", { "x-app": "a\0b" }],
    ["a character above U+00FF", { "x-app": "€" }],
    ["an invalid name", { "bad name": "x" }],
  ];
  for (const [what, headers] of bad) {
    it(`${what} in headers: subscribe throws, publish and discover reject, with invalid-options`, async () => {
      const before = server.requests.length;
      expect(await caught(() => subscribe(server.origin, { ...base, headers }))).toMatchObject(
        invalidOptions,
      );
      expect(await caught(() => publish(server.origin, { topics: "t" }, { headers }))).toMatchObject(
        invalidOptions,
      );
      expect(await caught(() => discover(server.origin, { headers }))).toMatchObject(invalidOptions);
      expect(server.requests.length).toBe(before);
    });
  }

  it("a token with a line break ends the subscription with unauthorized", async () => {
    const subscription = subscribe(server.origin, { ...base, token: () => "abc\ndef" });
    await waitFor(() => subscription.state === "closed", "the subscription to close");
    expect(subscription.closeReason).toBe(ErrorCode.Unauthorized);
  });
});

it("a hub URL that does not parse: subscribe throws invalid-options", async () => {
  for (const url of ["http://[::1", "not a url", ["http://127.0.0.1:1/", "http://exa mple/"]]) {
    expect(await caught(() => subscribe(url, base))).toMatchObject(invalidOptions);
  }
});

describe("lastEventId", () => {
  for (const [what, id] of [
    ["a lone high surrogate", "abc\uD800"],
    ["a lone low surrogate", "\uDC00abc"],
    ["a NUL", "a\0b"],
    ["a line break", "a\nb"],
  ]) {
    it(`with ${what}: subscribe throws invalid-options`, async () => {
      expect(await caught(() => subscribe(server.origin, { ...base, lastEventId: id }))).toMatchObject(
        invalidOptions,
      );
    });
  }

  it("a well-formed pair, an id starting with #, and Latin-1 all go out", async () => {
    for (const id of ["😀", "#e1.42", "café"]) {
      const before = server.requests.length;
      const [update] = await take(subscribe(server.origin, { ...base, lastEventId: id }), 1);
      expect(update?.id).toBe("1");
      const sent = server.requests[before]?.headers["last-event-id"];
      expect(Buffer.from(String(sent), "latin1").toString("utf8")).toBe(id);
    }
  });
});

describe("a custom fetch that returns no Response", () => {
  const answers: [string, unknown][] = [
    ["undefined", undefined],
    ["a plain object", { status: 200, headers: {} }],
    ["a string", "data: x\n\n"],
  ];
  for (const [what, answer] of answers) {
    it(`${what}: the subscription ends with invalid-options after one call, publish and discover reject`, async () => {
      let calls = 0;
      const fetch = (async () => {
        calls += 1;
        return answer;
      }) as unknown as typeof globalThis.fetch;
      const subscription = subscribe(server.origin, { ...base, fetch });
      const errors: string[] = [];
      subscription.on("error", (error) => errors.push(error.code));
      await waitFor(() => subscription.state === "closed", "the subscription to close");
      expect([subscription.closeReason, errors, calls]).toEqual([
        ErrorCode.InvalidOptions,
        [ErrorCode.InvalidOptions],
        1,
      ]);
      expect(await caught(() => publish(server.origin, { topics: "t" }, { fetch }))).toMatchObject(
        invalidOptions,
      );
      expect(await caught(() => discover(server.origin, { fetch }))).toMatchObject(invalidOptions);
    });
  }
});

describe("schema map", () => {
  it("event types named like Object.prototype keys pass through; only own entries validate", async () => {
    const subscription = subscribe(server.origin, {
      ...base,
      schemas: { counter: z.object({ value: z.number() }) },
    });
    const errors: ClientError[] = [];
    subscription.on("error", (error) => errors.push(error));
    const updates = await take(subscription, 5);
    expect(updates.map((u) => [u.type, u.json])).toEqual([
      ["constructor", undefined],
      ["toString", undefined],
      ["__proto__", undefined],
      ["hasOwnProperty", undefined],
      ["counter", { value: 5 }],
    ]);
    expect(errors).toEqual([]);
  });

  it("a schema under such a name (an own key) validates its type", async () => {
    const schemas = { constructor: z.object({ a: z.number() }), toString: z.string() };
    const subscription = subscribe(server.origin, { ...base, schemas });
    const errors: string[] = [];
    subscription.on("error", (error) => errors.push(`${error.code} ${error.eventType}`));
    const updates = await take(subscription, 4);
    // toString's data `2` is JSON but not a string: skipped with invalid-data.
    expect(updates.map((u) => [u.type, u.json])).toEqual([
      ["constructor", { a: 1 }],
      ["__proto__", undefined],
      ["hasOwnProperty", undefined],
      ["counter", undefined],
    ]);
    expect(errors).toEqual([`${ErrorCode.InvalidData} toString`]);
  });

  it("an entry that is not a Standard Schema: subscribe throws invalid-options", async () => {
    for (const schemas of [{ counter: {} }, { counter: null }, { counter: { "~standard": {} } }]) {
      expect(await caught(() => subscribe(server.origin, { ...base, schemas } as never))).toMatchObject(
        invalidOptions,
      );
    }
  });
});
