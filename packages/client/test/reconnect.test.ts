import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterAll, expect, it } from "vitest";
import { ErrorCode, subscribe } from "../src/index.ts";
import { rawServer, sse } from "./helpers/raw-server.ts";
import { recordingTimers } from "./helpers/timers.ts";
import { take, waitFor } from "./helpers/wait.ts";

/** Each request gets the next id and the stream ends: every update costs one reconnect. */
const server = await rawServer((request, response, index) => {
  const path = new URL(request.url ?? "/", "http://x").pathname;
  if (path === "/busy" && index % 2 === 0) {
    response.writeHead(503, { "retry-after": "2", "content-type": "text/plain" });
    response.end("busy");
  } else if (path === "/retry-floor") {
    sse(response, ["retry: 700\n", `id: ${index}\ndata: ${index}\n\n`], true);
  } else if (path === "/id-only") {
    // The last block sets an id but carries no data: nothing is dispatched, yet the id must be resumed from.
    sse(response, [`id: ${index}\ndata: ${index}\n\n`, `id: ${index}-silent\n\n`, "id: unfinished\n"], true);
  } else if (path === "/utf8-id") {
    sse(response, [`id: café€😀 %41-${index}\ndata: ${index}\n\n`], true);
  } else sse(response, [`id: ${index}\ndata: ${index}\n\n`], true);
});
afterAll(() => server.close());

it("a clean end reconnects with Last-Event-ID; delays follow the backoff envelope", async () => {
  const timers = recordingTimers(0);
  const backoff = { min: 100, max: 1_000, factor: 2 };
  const subscription = subscribe(`${server.origin}/ends`, {
    topics: "t",
    backoff,
    timers,
    random: () => 0.5,
  });
  const errors: string[] = [];
  subscription.on("error", (error) => errors.push(error.code));
  const updates = await take(subscription, 4);
  const ids = updates.map((u) => u.id);
  const requests = server.requests.filter((r) => r.url.startsWith("/ends"));
  expect(requests.slice(1, 4).map((r) => r.headers["last-event-id"])).toStrictEqual(ids.slice(0, 3));
  expect(errors.every((code) => code === ErrorCode.StreamEnded)).toBeTruthy();
  // Each connection was healthy (bytes arrived), so every delay is the first step of the schedule.
  expect(timers.delays.length >= 3).toBeTruthy();
  expect(
    timers.delays.every((delay) => delay === 150),
    `delays: ${timers.delays}`,
  ).toBeTruthy();
});

it("a hub's retry: raises the backoff floor", async () => {
  const timers = recordingTimers(0);
  const subscription = subscribe(`${server.origin}/retry-floor`, { topics: "t", timers, random: () => 0 });
  await take(subscription, 2);
  expect(timers.delays[0]).toBe(700);
});

it("503 with Retry-After is retried after at least that long", async () => {
  const timers = recordingTimers(0);
  const subscription = subscribe(`${server.origin}/busy`, {
    topics: "t",
    timers,
    backoff: { min: 1, max: 10 },
  });
  const errors: { code: string; status: number | undefined }[] = [];
  subscription.on("error", (error) => errors.push({ code: error.code, status: error.status }));
  const [update] = await take(subscription, 1);
  expect(update !== undefined).toBeTruthy();
  expect(errors[0]).toStrictEqual({ code: ErrorCode.Unavailable, status: 503 });
  expect(timers.delays[0]).toBe(2_000);
});

it("the token function is called again before every reconnect", async () => {
  const tokens: string[] = [];
  const token = (): string => {
    tokens.push(`t${tokens.length}`);
    return tokens.at(-1) as string;
  };
  const timers = recordingTimers(0);
  await take(subscribe(`${server.origin}/token`, { topics: "t", token, timers }), 3);
  const sent = server.requests.filter((r) => r.url.startsWith("/token")).map((r) => r.headers.authorization);
  expect(sent.slice(0, 3)).toStrictEqual(["Bearer t0", "Bearer t1", "Bearer t2"]);
});

it("failover: the first URL refuses connections, the second serves", async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const timers = recordingTimers(0);
  const subscription = subscribe([`http://127.0.0.1:${deadPort}/hub`, `${server.origin}/failover`], {
    topics: "t",
    timers,
  });
  const errors: string[] = [];
  const opened: string[] = [];
  // Counted when the second URL opens: the stream then ends, and the reconnect after that may already be
  // waiting out its backoff by the time the iterator closes.
  let delaysBeforeOpen = -1;
  subscription.on("error", (error) => errors.push(error.code));
  subscription.on("open", (info) => {
    opened.push(new URL(info.url).port);
    if (delaysBeforeOpen === -1) delaysBeforeOpen = timers.delays.length;
  });
  const [update] = await take(subscription, 1);
  expect(update !== undefined).toBeTruthy();
  expect(errors[0]).toBe(ErrorCode.Network);
  expect(opened[0]).toBe(String(server.port));
  expect(delaysBeforeOpen, "the second URL is tried at once").toBe(0);
});

it("reconnecting then open: the states a drop goes through", async () => {
  const timers = recordingTimers(0);
  const subscription = subscribe(`${server.origin}/states`, { topics: "t", timers });
  const states: string[] = [];
  subscription.on("state", (state) => states.push(state));
  await take(subscription, 2);
  expect(states.slice(0, 3)).toStrictEqual(["open", "reconnecting", "open"]);
  expect(states.at(-1)).toBe("closed");
  await waitFor(() => timers.pending === 0, "no pending timer");
});

it("an id-only block moves the resume point, an unfinished one does not (WHATWG dispatch rules)", async () => {
  const timers = recordingTimers(0);
  const [first] = await take(subscribe(`${server.origin}/id-only`, { topics: "t", timers }), 2);
  const requests = server.requests.filter((r) => r.url.startsWith("/id-only"));
  expect(requests[1]?.headers["last-event-id"]).toBe(`${first?.id}-silent`);
});

it("an id beyond Latin-1 is resumed from, sent as UTF-8 (SSE-SPEC §7)", async () => {
  const timers = recordingTimers(0);
  const [first] = await take(subscribe(`${server.origin}/utf8-id`, { topics: "t", timers }), 2);
  const requests = server.requests.filter((r) => r.url.startsWith("/utf8-id"));
  // node:http reads header bytes as Latin-1: turn them back into the bytes sent, then decode those as UTF-8.
  const sent = Buffer.from(String(requests[1]?.headers["last-event-id"]), "latin1").toString("utf8");
  expect(sent).toBe(first?.id);
});
