// Property tests of every HTTP input of the hub (issue 8): publish form and JSON bodies, query parameters,
// headers, cookies, tokens and Last-Event-ID. For any input: no 5xx and no crash, a `*` subscriber sees exactly
// the accepted updates with no line break out of place on the wire, and every subscriber a request opened is
// released (the connection count returns to its baseline). The bulk runs in process through `hub.fetch`; a
// smaller sample goes over real sockets. A failure prints the seed; FC_SEED=<seed> runs the same inputs again.
import fc from "fast-check";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createHub } from "../src/create-hub.ts";
import { isFieldValue } from "../src/http/header-text.ts";
import type { Hub, HubOptions } from "../src/types.ts";
import { runtimeName, withHub } from "./helpers/runtime.ts";
import { openStarSubscriber, waitForConnections } from "./helpers/star-subscriber.ts";
import { bearer, KEY, token07, token08 } from "./helpers/tokens.ts";

const RUNS = 1000;
const SOCKET_RUNS = 100;
const TIMEOUT = 180_000;
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const seed = env.FC_SEED !== undefined ? Number(env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
const options: HubOptions = { allowAnonymous: true, jwtKey: KEY };
const ORIGIN = "http://hub.test";
const ENDPOINT = `${ORIGIN}/.well-known/mercure`;

/** Runs a property with the shared seed, naming it in the failure. */
async function holds<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  run: (value: T) => Promise<void>,
  numRuns = RUNS,
) {
  try {
    await fc.assert(fc.asyncProperty(arbitrary, run), { numRuns, seed });
  } catch (error) {
    throw new Error(`${name} (seed ${seed}: FC_SEED=${seed} reruns it)\n${String(error)}`, { cause: error });
  }
}

// Texts that found bugs in hubs before: dot segments, reserved paths, line breaks, controls, format characters,
// lone surrogates, selector syntax.
const SPECIALS = [
  "",
  "*",
  ".",
  "..",
  "%2e%2E",
  "a/../b",
  "a\\b",
  "https://example.com/users/alice/../bob/x",
  "/.well-known/mercure/subscriptions/x",
  "/.well-known/%6Dercure",
  "earliest",
  "#1",
  "\r\n",
  "a\rb",
  "a\nb",
  "\u0000",
  "\u0001",
  "\u007f",
  "\u0085",
  "\u200b",
  "\ufeff",
  "\ud800",
  "{+rest}",
  "{id}",
  "/books/:id",
  "/a/:id(\\d+)",
  "é𝟘",
];
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 24 }),
  fc.string({ unit: "binary-ascii", maxLength: 24 }),
  fc.constantFrom(...SPECIALS),
);
// What a header value can hold: bytes as characters, without NUL, CR and LF.
const headerText = fc.oneof(
  fc.string({
    unit: fc
      .integer({ min: 1, max: 255 })
      .filter((code) => code !== 10 && code !== 13)
      .map((code) => String.fromCharCode(code)),
    maxLength: 40,
  }),
  fc.constantFrom("earliest", "#1", "Bearer", "Bearer ", "Bearer a.b.c", "\u00c3\u00a9"),
);

/** A hub in process, its `*` subscriber, and what the hub accepted. */
interface Harness {
  hub: Hub;
  fetch(request: Request): Promise<Response>;
  /** Ids of the accepted updates, in order: what the `*` subscriber must see. */
  accepted: string[];
  /** Publisher token (publish `*`) headers. */
  publisher: Record<string, string>;
  /** Sends a request: never a 5xx; a 200 publish is counted, a subscriber stream released. */
  send(request: Request): Promise<Response>;
}

let unique = 0;
/** An id no other run uses, so that idempotent repeats never blur the count (the tail stays arbitrary). */
function uniqueId(tail: string): string {
  return `u${++unique}-${tail}`;
}

async function harness(
  fetch: (request: Request) => Promise<Response>,
  hub: Hub,
  endpoint: string,
  body: (h: Harness) => Promise<void>,
): Promise<void> {
  const star = await openStarSubscriber(fetch, endpoint, bearer(await token07({ subscribe: ["*"] })));
  const accepted: string[] = [];
  const baseline = hub.stats().connections;
  const h: Harness = {
    hub,
    fetch,
    accepted,
    publisher: bearer(await token07({ publish: ["*"] })),
    async send(request) {
      const response = await fetch(request);
      expect(response.status, `${request.method} ${request.url}`).toBeLessThan(500);
      if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
        for (const name of ["last-event-id", "mercure-last-event-id"]) {
          const value = response.headers.get(name);
          if (value !== null) expect(isFieldValue(value), name).toBe(true);
        }
        await response.body?.cancel();
      } else if (request.method === "POST" && response.status === 200) {
        accepted.push(await response.clone().text());
      } else if (response.status >= 400) {
        expect(typeof (await response.clone().json()).error).toBe("string");
      }
      await waitForConnections(hub, baseline);
      return response;
    },
  };
  try {
    await body(h);
    await star.verify(accepted);
  } finally {
    await star.close();
  }
  await waitForConnections(hub, baseline - 1);
}

async function inProcess(body: (h: Harness) => Promise<void>, extra: HubOptions = {}): Promise<void> {
  const hub = createHub({ ...options, ...extra });
  try {
    await harness((request) => hub.fetch(request), hub, ENDPOINT, body);
  } finally {
    await hub.close({ timeoutMs: 100 });
  }
}

function formPost(h: Harness, body: string, headers: Record<string, string> = {}): Request {
  return new Request(ENDPOINT, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...h.publisher, ...headers },
    body,
  });
}

const formFields = fc.array(
  fc.tuple(
    fc.constantFrom("topic", "topic", "data", "id", "type", "retry", "private", "retain", "x"),
    anyText,
  ),
  { maxLength: 8 },
);

function formBody(fields: [string, string][]): string {
  return new URLSearchParams(
    fields.map(([name, value]) => [name, name === "id" ? uniqueId(value) : value]),
  ).toString();
}

const jsonFields = fc.record(
  {
    topic: fc.oneof(anyText, fc.array(anyText, { maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })),
    topics: fc.array(anyText, { maxLength: 4 }),
    data: fc.oneof(anyText, fc.jsonValue({ maxDepth: 3 })),
    id: fc.oneof(anyText, fc.jsonValue({ maxDepth: 0 })),
    type: fc.oneof(anyText, fc.jsonValue({ maxDepth: 0 })),
    retry: fc.oneof(fc.integer(), fc.double(), anyText),
    private: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 0 })),
    retain: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 0 })),
    unknown: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);
const jsonBody = fc.oneof(
  { weight: 6, arbitrary: jsonFields.map((fields) => ({ json: fields })) },
  { weight: 1, arbitrary: anyText.map((text) => ({ text })) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 100_000 })
      .map((depth) => ({ text: `{"topic":"a","data":${"[".repeat(depth)}${"]".repeat(depth)}}` })),
  },
);

function jsonText(body: { json?: Record<string, unknown>; text?: string }): string {
  if (body.text !== undefined) return body.text;
  const fields = { ...body.json };
  if (typeof fields.id === "string") fields.id = uniqueId(fields.id);
  return JSON.stringify(fields);
}

const queryParams = fc.array(
  fc.tuple(
    fc.constantFrom(
      "topic",
      "match",
      "match_urlpattern",
      "matchURLPattern",
      "matchExact",
      "match_exact",
      "matchX",
      "lastEventID",
      "last_event_id",
      "authorization",
      "x",
    ),
    anyText,
  ),
  { maxLength: 6 },
);

const headerPairs = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom(
        "authorization",
        "cookie",
        "last-event-id",
        "content-type",
        "origin",
        "referer",
        "accept",
        "x-forwarded-for",
        "forwarded",
      ),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
    ),
    headerText,
  ),
  { maxLength: 5 },
);

/** Headers from pairs; a pair the platform's Headers refuses is left out (a client could not send it either). */
function headersOf(pairs: [string, string][]): Headers {
  const headers = new Headers();
  for (const [name, value] of pairs) {
    try {
      headers.append(name, value);
    } catch {
      // Not a header any fetch client sends.
    }
  }
  return headers;
}

describe(`HTTP inputs, ${RUNS} runs each, in process (${runtimeName}, seed ${seed})`, () => {
  it(
    "publish form bodies",
    async () => {
      await inProcess(async (h) => {
        await holds("form body", fc.oneof(formFields.map(formBody), anyText), async (body) => {
          await h.send(formPost(h, body));
        });
      });
    },
    TIMEOUT,
  );

  it(
    "publish JSON bodies",
    async () => {
      await inProcess(async (h) => {
        await holds("JSON body", jsonBody, async (body) => {
          const headers = { "content-type": "application/json", ...h.publisher };
          await h.send(new Request(ENDPOINT, { method: "POST", headers, body: jsonText(body) }));
        });
      });
    },
    TIMEOUT,
  );

  it(
    "subscribe query parameters",
    async () => {
      await inProcess(async (h) => {
        await holds("query parameters", queryParams, async (params) => {
          await h.send(new Request(`${ENDPOINT}?${new URLSearchParams(params)}`));
        });
      });
    },
    TIMEOUT,
  );

  it(
    "headers of subscribe and publish requests",
    async () => {
      await inProcess(async (h) => {
        await holds("headers", fc.tuple(headerPairs, fc.boolean()), async ([pairs, post]) => {
          const headers = headersOf(pairs);
          if (post) {
            if (!headers.has("content-type"))
              headers.set("content-type", "application/x-www-form-urlencoded");
            if (!headers.has("authorization")) headers.set("authorization", h.publisher.authorization!);
            const body = formBody([["topic", "urn:headers"]]);
            await h.send(new Request(ENDPOINT, { method: "POST", headers, body }));
          } else {
            await h.send(new Request(`${ENDPOINT}?topic=urn:headers`, { headers }));
          }
        });
      });
    },
    TIMEOUT,
  );

  it(
    "cookies",
    async () => {
      const tokens = [
        await token07({ publish: ["*"], subscribe: ["*"] }),
        await token08(["publish", "subscribe"], [{ match: "*" }]),
        await token07({ publish: ["urn:other"] }),
      ];
      const cookieValue = fc.oneof(
        fc.constantFrom(...tokens),
        headerText,
        fc.constantFrom(...tokens).map((t) => `"${t}"`),
      );
      const cookie = fc.array(
        fc.tuple(
          fc.oneof(fc.constantFrom("mercureAuthorization", "__Secure-mercure_access_token"), headerText),
          cookieValue,
        ),
        { maxLength: 3 },
      );
      const origin = fc.option(fc.constantFrom(ORIGIN, "https://evil.test", "null"));
      await inProcess(async (h) => {
        await holds("cookies", fc.tuple(cookie, origin, fc.boolean()), async ([pairs, from, post]) => {
          const headers = headersOf([
            ["cookie", pairs.map(([name, value]) => `${name}=${value}`).join("; ")],
          ]);
          if (from !== null) headers.set("origin", from);
          if (post) {
            headers.set("content-type", "application/x-www-form-urlencoded");
            const body = formBody([["topic", "urn:cookies"]]);
            await h.send(new Request(ENDPOINT, { method: "POST", headers, body }));
          } else {
            await h.send(new Request(`${ENDPOINT}?topic=urn:cookies`, { headers }));
          }
        });
      });
    },
    TIMEOUT,
  );

  it(
    "tokens",
    async () => {
      const secret = new TextEncoder().encode(KEY);
      const base64url = fc.string({ unit: fc.constantFrom(..."ABCxyz019-_".split("")), maxLength: 30 });
      const signed = fc
        .record({
          claims: fc.record(
            {
              mercure: fc.oneof(
                fc.record(
                  {
                    publish: fc.array(anyText, { maxLength: 3 }),
                    subscribe: fc.array(anyText, { maxLength: 3 }),
                    payload: fc.jsonValue({ maxDepth: 2 }),
                  },
                  { requiredKeys: [] },
                ),
                fc.jsonValue({ maxDepth: 2 }),
              ),
              authorization_details: fc.oneof(
                fc.array(
                  fc.record({
                    type: fc.constantFrom("https://mercure.rocks/authorization-detail", "other"),
                    actions: fc.subarray(["publish", "subscribe"]),
                    topics: fc.array(
                      fc.record(
                        { match: anyText, match_type: fc.constantFrom("exact", "urlpattern", "other") },
                        { requiredKeys: ["match"] },
                      ),
                      { maxLength: 3 },
                    ),
                  }),
                  { maxLength: 2 },
                ),
                fc.jsonValue({ maxDepth: 2 }),
              ),
              exp: fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }), fc.jsonValue({ maxDepth: 0 })),
              iss: fc.jsonValue({ maxDepth: 0 }),
              aud: fc.jsonValue({ maxDepth: 1 }),
              sub: fc.jsonValue({ maxDepth: 0 }),
            },
            { requiredKeys: [] },
          ),
          typ: fc.option(fc.constantFrom("at+jwt", "application/at+jwt", "JWT")),
        })
        .map(({ claims, typ }) => ({ claims: claims as Record<string, unknown>, typ }));
      type Token = { signed?: { claims: Record<string, unknown>; typ: string | null }; text?: string };
      const token: fc.Arbitrary<Token> = fc.oneof(
        signed.map((value): Token => ({ signed: value })),
        fc.tuple(base64url, base64url, base64url).map((parts): Token => ({ text: parts.join(".") })),
        headerText.map((text): Token => ({ text })),
        // alg: none, granting publish on everything.
        fc.constant<Token>({ text: "eyJhbGciOiJub25lIn0.eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdfX0." }),
      );
      const carrier = fc.constantFrom("header", "query");
      await inProcess(async (h) => {
        await holds("tokens", fc.tuple(token, carrier, fc.boolean()), async ([value, via, post]) => {
          let text = value.text;
          if (value.signed !== undefined) {
            const { claims, typ } = value.signed;
            const jwt = new SignJWT(claims).setProtectedHeader(
              typ === null ? { alg: "HS256" } : { alg: "HS256", typ },
            );
            text = await jwt.sign(secret);
          }
          const headers = headersOf(via === "header" ? [["authorization", `Bearer ${text}`]] : []);
          const query = via === "query" ? `&authorization=${encodeURIComponent(text!)}` : "";
          if (post) {
            headers.set("content-type", "application/x-www-form-urlencoded");
            const body = formBody([["topic", "urn:tokens"]]);
            await h.send(new Request(`${ENDPOINT}?x=1${query}`, { method: "POST", headers, body }));
          } else {
            await h.send(new Request(`${ENDPOINT}?topic=urn:tokens${query}`, { headers }));
          }
        });
      });
    },
    TIMEOUT,
  );

  it(
    "Last-Event-ID (header and query)",
    async () => {
      await inProcess(async (h) => {
        const held: string[] = [];
        for (const id of ["plain", "é-utf8", "with space", "𝟘"])
          held.push(await h.hub.publish({ topics: "urn:a", id }));
        h.accepted.push(...held);
        const utf8 = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));
        type Resume = { header?: string; query?: string };
        const resume: fc.Arbitrary<Resume> = fc.oneof(
          headerText.map((header): Resume => ({ header })),
          fc.constantFrom(...held).map((id): Resume => ({ header: utf8(id) })),
          anyText.map((query): Resume => ({ query })),
          fc.constantFrom("earliest", "#0", "#1-1", "#x").map((header): Resume => ({ header })),
        );
        await holds("Last-Event-ID", resume, async ({ header, query }) => {
          const headers = headersOf(header === undefined ? [] : [["last-event-id", header]]);
          const search = query === undefined ? "" : `&${new URLSearchParams({ lastEventID: query })}`;
          await h.send(new Request(`${ENDPOINT}?topic=*${search}`, { headers }));
        });
      });
    },
    TIMEOUT,
  );
});

describe(`HTTP inputs, ${SOCKET_RUNS} runs each, over real sockets (${runtimeName}, seed ${seed})`, () => {
  it(
    "publish form bodies, JSON bodies, Last-Event-ID and resumes from accepted ids",
    async () => {
      await withHub(options, async ({ hub, endpoint }) => {
        await harness(
          (request) => fetch(request),
          hub,
          endpoint,
          async (h) => {
            const post = (body: string, type: string) =>
              new Request(endpoint, {
                method: "POST",
                headers: { "content-type": type, ...h.publisher },
                body,
              });
            await holds(
              "form body over a socket",
              formFields.map(formBody),
              async (body) => {
                await h.send(post(body, "application/x-www-form-urlencoded"));
              },
              SOCKET_RUNS,
            );
            await holds(
              "JSON body over a socket",
              jsonBody,
              async (body) => {
                await h.send(post(jsonText(body), "application/json"));
              },
              SOCKET_RUNS,
            );
            await holds(
              "Last-Event-ID over a socket",
              // What a client can send: a field value (the fetch client refuses control characters).
              headerText.filter(isFieldValue),
              async (header) => {
                await h.send(
                  new Request(`${endpoint}?topic=*`, { headers: headersOf([["last-event-id", header]]) }),
                );
              },
              SOCKET_RUNS,
            );
            // Resuming from any id the hub accepted (whatever it holds) answers, and releases the subscriber.
            await holds(
              "resume from an accepted id over a socket",
              fc.nat(),
              async (index) => {
                const id = h.accepted[index % h.accepted.length] ?? "none";
                await h.send(new Request(`${endpoint}?topic=*&${new URLSearchParams({ lastEventID: id })}`));
              },
              SOCKET_RUNS,
            );
          },
        );
      });
    },
    TIMEOUT,
  );
});
