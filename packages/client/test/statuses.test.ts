import type { ServerResponse } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { type ClientError, CloseReason, ErrorCode, subscribe } from "../src/index.ts";
import { type RawServer, rawServer, sse } from "./helpers/raw-server.ts";
import { recordingTimers } from "./helpers/timers.ts";
import { take, waitFor } from "./helpers/wait.ts";

// Issue 13: what each answer of a hub (or of a proxy in front of it) does to a subscription.

/**
 * `/flaky/<status>/<key>`: the first request of each key gets `status` (Retry-After: 2 s with a JSON error
 * body), the next ones a stream holding one update whose id is the request's index. `/once/<key>`: the
 * first request's socket is destroyed before any answer (a network error), then the same stream.
 */
const firstSeen = new Set<string>();
const server = await rawServer((request, response, index) => {
  const [, kind, status, key] = new URL(request.url ?? "/", "http://x").pathname.split("/");
  const first = !firstSeen.has(`${kind}/${status}/${key}`);
  firstSeen.add(`${kind}/${status}/${key}`);
  if (kind === "always") {
    response.writeHead(Number(status), { "content-type": "application/json" });
    response.end(JSON.stringify({ error: "reason_code", message: "the hub says no" }));
  } else if (first && kind === "flaky") {
    response.writeHead(Number(status), { "content-type": "application/json", "retry-after": "2" });
    response.end(JSON.stringify({ error: "busy", message: "try later" }));
  } else if (first && kind === "drop") {
    request.socket.destroy();
  } else sse(response, [`id: ${index}\ndata: served ${index}\n\n`]);
});
afterAll(() => server.close());

const base = { topics: "urn:t", backoff: { min: 1, max: 5 } };
const requestsTo = (prefix: string): number => server.requests.filter((r) => r.url.startsWith(prefix)).length;

describe("transient answers reconnect with the backoff", () => {
  for (const status of [429, 500, 502, 503, 504]) {
    it(`${status} is reported as unavailable (not fatal), Retry-After is waited out, the next connect serves`, async () => {
      const timers = recordingTimers(0);
      const path = `/flaky/${status}/k`;
      const subscription = subscribe(`${server.origin}${path}`, { ...base, timers });
      const errors: ClientError[] = [];
      subscription.on("error", (error) => errors.push(error));
      const [update] = await take(subscription, 1);
      expect(update?.data).toMatch(/^served \d+$/);
      expect(errors.map((e) => [e.code, e.status, e.fatal, e.retryAfter, e.reason])).toEqual([
        [ErrorCode.Unavailable, status, false, 2_000, "busy"],
      ]);
      // The backoff alone asks for at most 5 ms: the 2 s wait is Retry-After's.
      expect(timers.delays).toContain(2_000);
      expect(requestsTo(path)).toBe(2);
    });
  }

  it("a connection dropped before any answer is a network error, then the reconnect serves", async () => {
    const subscription = subscribe(`${server.origin}/drop/0/k`, base);
    const errors: string[] = [];
    subscription.on("error", (error) => errors.push(`${error.code} ${error.fatal}`));
    const [update] = await take(subscription, 1);
    expect(update?.data).toMatch(/^served \d+$/);
    expect(errors).toEqual([`${ErrorCode.Network} false`]);
  });
});

describe("401 and 403 ask the token function once more", () => {
  for (const [status, code] of [
    [401, ErrorCode.Unauthorized],
    [403, ErrorCode.Forbidden],
  ] as const) {
    it(`${status} then a fresh token: the subscription goes on, no error reported`, async () => {
      const tokens: string[] = [];
      const token = (): string => {
        tokens.push(`t${tokens.length + 1}`);
        return tokens.at(-1) as string;
      };
      const path = `/flaky/${status}/refresh`;
      const subscription = subscribe(`${server.origin}${path}`, { ...base, token });
      const errors: string[] = [];
      subscription.on("error", (error) => errors.push(error.code));
      expect(await take(subscription, 1)).toHaveLength(1);
      expect(tokens).toEqual(["t1", "t2"]);
      expect(errors).toEqual([]);
      const seen = server.requests.filter((r) => r.url.startsWith(path)).map((r) => r.headers.authorization);
      expect(seen).toEqual(["Bearer t1", "Bearer t2"]);
    });

    it(`${status} twice in a row ends with ${code}; a plain string token is not retried`, async () => {
      let calls = 0;
      const refreshed = subscribe(`${server.origin}/always/${status}/fn`, {
        ...base,
        token: () => `t${++calls}`,
      });
      await waitFor(() => refreshed.state === "closed", "the subscription to close");
      expect([refreshed.closeReason, calls]).toEqual([code, 2]);
      const fixed = subscribe(`${server.origin}/always/${status}/string`, { ...base, token: "t" });
      await waitFor(() => fixed.state === "closed", "the subscription to close");
      expect([fixed.closeReason, requestsTo(`/always/${status}/string`)]).toEqual([code, 1]);
    });
  }
});

describe("answers that end the subscription", () => {
  it("204 closes with no-content after one request", async () => {
    const subscription = subscribe(`${server.origin}/always/204/k`, base);
    expect(await take(subscription, 1)).toEqual([]);
    expect(subscription.closeReason).toBe(CloseReason.NoContent);
    expect(requestsTo("/always/204/k")).toBe(1);
  });

  for (const status of [400, 404, 405, 410, 422, 501]) {
    it(`${status} closes with http-status, the status and the hub's reason, after one request`, async () => {
      const path = `/always/${status}/k`;
      const subscription = subscribe(`${server.origin}${path}`, base);
      const failure = await take(subscription, 1).catch((error: ClientError) => error);
      expect(failure).toMatchObject({
        name: "ClientError",
        code: ErrorCode.HttpStatus,
        status,
        reason: "reason_code",
        fatal: true,
      });
      expect(subscription.closeReason).toBe(ErrorCode.HttpStatus);
      expect(requestsTo(path)).toBe(1);
    });
  }
});

describe("redirects", () => {
  /** `/moved/<key>` answers 307 to `target(key)`; `/stream/<key>` serves one update and ends the stream. */
  async function redirector(target: (key: string, request: string) => string): Promise<RawServer> {
    return rawServer((request, response, index) => {
      const url = request.url ?? "/";
      const [, kind, key = ""] = new URL(url, "http://x").pathname.split("/");
      if (kind === "moved") {
        response.writeHead(307, { location: target(key, url) });
        response.end();
      } else sse(response, [`id: ${index}\ndata: ${index}\n\n`], true);
    });
  }

  it("within the origin: followed, and reconnects go straight to the final URL", async () => {
    const hub = await redirector((key, url) => url.replace(`/moved/${key}`, `/stream/${key}`));
    try {
      const subscription = subscribe(`${hub.origin}/moved/same`, base);
      const opened: string[] = [];
      subscription.on("open", ({ url }) => opened.push(new URL(url).pathname));
      expect(await take(subscription, 3)).toHaveLength(3);
      expect(hub.requests.map((r) => new URL(r.url, "http://x").pathname)).toEqual([
        "/moved/same",
        "/stream/same",
        "/stream/same",
        "/stream/same",
      ]);
      // The redirect kept the selectors, and resumes carry the id.
      expect(hub.requests.every((r) => r.url.includes("topic=urn%3At"))).toBe(true);
      expect(hub.requests.slice(2).map((r) => r.headers["last-event-id"])).toEqual(["1", "2"]);
      expect(opened).toEqual(["/stream/same", "/stream/same", "/stream/same"]);
    } finally {
      await hub.close();
    }
  });

  it("to another origin: followed, but every reconnect starts again from the URL the caller gave", async () => {
    const other = await redirector(() => "/unused");
    const hub = await redirector(
      (key, url) => `${other.origin}${url.replace(`/moved/${key}`, `/stream/${key}`)}`,
    );
    try {
      const subscription = subscribe(`${hub.origin}/moved/cross`, base);
      expect(await take(subscription, 2)).toHaveLength(2);
      expect(hub.requests.map((r) => new URL(r.url, "http://x").pathname)).toEqual([
        "/moved/cross",
        "/moved/cross",
      ]);
      expect(other.requests.map((r) => new URL(r.url, "http://x").pathname)).toEqual([
        "/stream/cross",
        "/stream/cross",
      ]);
    } finally {
      await Promise.all([hub.close(), other.close()]);
    }
  });
});

describe("ids the hub owns", () => {
  it("an ssehub-ready id starting with # is the resume point: held at once, sent back on reconnect", async () => {
    const open: ServerResponse[] = [];
    const hub = await rawServer((_request, response, index) => {
      open.push(response);
      sse(response, [
        ": ssehub heartbeat=15000\n\n",
        `id: u${index}\ndata: ${index}\n\n`,
        `event: ssehub-ready\nid: #e1.${index}\ndata: {"replayed":0,"retained":1}\n\n`,
      ]);
    });
    try {
      const subscription = subscribe(`${hub.origin}/`, base);
      const updates = subscription[Symbol.asyncIterator]();
      expect((await updates.next()).value?.id).toBe("u0");
      await waitFor(() => subscription.lastEventId === "#e1.0", "the ready id to become the resume point");
      expect(subscription.state).toBe("open");
      open[0]?.end();
      expect((await updates.next()).value).toMatchObject({ id: "u1", replayed: true });
      expect(hub.requests.map((r) => r.headers["last-event-id"])).toEqual([undefined, "#e1.0"]);
      await updates.return?.();
    } finally {
      await hub.close();
    }
  });

  it("ids starting with # are sent back like any other (a hub that is not ssehub may use them)", async () => {
    const hub = await rawServer((_request, response, index) =>
      sse(
        response,
        [`id: #${index}\ndata: ${index}\n\n`, `event: ssehub-ready\nid: #p${index}\ndata: {}\n\n`],
        true,
      ),
    );
    try {
      const subscription = subscribe(`${hub.origin}/`, base);
      expect((await take(subscription, 3)).map((u) => u.id)).toEqual(["#0", "#1", "#2"]);
      expect(hub.requests.map((r) => r.headers["last-event-id"])).toEqual([undefined, "#p0", "#p1"]);
    } finally {
      await hub.close();
    }
  });
});
