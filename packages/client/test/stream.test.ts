import { afterAll, expect, it } from "vitest";
import { z } from "zod";
import { type ClientError, type ClientUpdate, ErrorCode, type GapInfo, subscribe } from "../src/index.ts";
import { rawServer, sse } from "./helpers/raw-server.ts";
import { recordingTimers } from "./helpers/timers.ts";
import { take, waitFor, within } from "./helpers/wait.ts";

const scripts: Record<string, string[]> = {
  "/basic": ["id: 1\ndata: one\n\n", "id: 2\nevent: custom\ndata: two\ndata: lines\n\n"],
  "/ssehub-fresh": [
    ": ssehub heartbeat=15000\n\n",
    "id: r1\nevent: counter\ndata: 1\n\n",
    'event: ssehub-ready\ndata: {"replayed":0,"retained":1}\n\n',
    "id: l1\nevent: counter\ndata: 2\n\n",
  ],
  "/ssehub-gap": [
    ": ssehub heartbeat=15000\n\n",
    'event: ssehub-gap\ndata: {"lastEventId":"old","earliest":"e1"}\n\n',
    "id: r1\ndata: retained\n\n",
    'event: ssehub-ready\ndata: {"replayed":0,"retained":1}\n\n',
    "id: l1\ndata: live\n\n",
  ],
  "/plain": [": hello\n\n", "id: a\ndata: x\n\n", "event: ssehub-ready\ndata: {}\n\n", "id: b\ndata: y\n\n"],
  "/json": [
    'id: 1\nevent: counter\ndata: {"value":1}\n\n',
    'id: 2\nevent: counter\ndata: {"value":"NaN"}\n\n',
    "id: 3\nevent: counter\ndata: not json\n\n",
    'id: 4\nevent: counter\ndata: {"value":4}\n\n',
  ],
};

let muteHeads = 0;
const server = await rawServer((request, response) => {
  const path = new URL(request.url ?? "/", "http://x").pathname;
  // The first request gets no answer at all (a hub or proxy that accepted the connection and hangs).
  if (path === "/mute-head" && muteHeads++ === 0) return;
  sse(response, scripts[path === "/mute-head" ? "/basic" : path] ?? []);
});
afterAll(() => server.close());

const base = { topics: "urn:t" };

it("decodes updates with id, type and multi-line data; sends Accept and selectors", async () => {
  const updates = await take(subscribe(`${server.origin}/basic`, { topics: ["a", "b"], match: "c" }), 2);
  expect(updates).toStrictEqual([
    { id: "1", type: "message", data: "one" },
    { id: "2", type: "custom", data: "two\nlines" },
  ]);
  const request = server.requests.find((r) => r.url.startsWith("/basic"));
  expect(request?.headers.accept).toBe("text/event-stream");
  expect(request?.url).toBe("/basic?topic=a&topic=b&match=c");
  expect(request?.headers["last-event-id"]).toBe(undefined);
});

it("ssehub hub: updates before ssehub-ready are flagged retained; ready is not an update", async () => {
  const updates = await take(subscribe(`${server.origin}/ssehub-fresh`, base), 2);
  expect(updates.map((u) => [u.id, u.retained, u.replayed])).toStrictEqual([
    ["r1", true, false],
    ["l1", false, false],
  ]);
});

it("ssehub hub: a resume flags replayed updates; ssehub-gap goes to on('gap') only", async () => {
  const subscription = subscribe(`${server.origin}/ssehub-gap`, { ...base, lastEventId: "old" });
  const gaps: GapInfo[] = [];
  subscription.on("gap", (gap) => gaps.push(gap));
  const updates = await take(subscription, 2);
  expect(gaps).toStrictEqual([{ lastEventId: "old", earliest: "e1" }]);
  expect(updates.map((u) => [u.data, u.retained, u.replayed])).toStrictEqual([
    ["retained", true, false],
    ["live", false, false],
  ]);
  const request = server.requests.find((r) => r.url.startsWith("/ssehub-gap"));
  expect(request?.headers["last-event-id"]).toBe("old");
});

it("a hub that does not greet as ssehub gets no flags (but ssehub-ready is still no update)", async () => {
  const updates = await take(subscribe(`${server.origin}/plain`, base), 2);
  expect(updates).toStrictEqual([
    { id: "a", type: "message", data: "x" },
    { id: "b", type: "message", data: "y" },
  ]);
});

it("schema validation: invalid data becomes an invalid-data error event, the stream goes on", async () => {
  type Events = { counter: { value: number } };
  const schemas = { counter: z.object({ value: z.number() }) };
  const subscription = subscribe<Events>(`${server.origin}/json`, { ...base, schemas });
  const errors: ClientError[] = [];
  subscription.on("error", (error) => errors.push(error));
  const updates: ClientUpdate<Events>[] = await take(subscription, 2);
  expect(updates.map((u) => [u.id, u.json?.value])).toStrictEqual([
    ["1", 1],
    ["4", 4],
  ]);
  expect(errors.map((e) => [e.code, e.eventId, e.eventType, e.fatal])).toStrictEqual([
    [ErrorCode.InvalidData, "2", "counter", false],
    [ErrorCode.InvalidData, "3", "counter", false],
  ]);
  expect(subscription.lastEventId).toBe("4");
});

it("json: true parses data without a schema", async () => {
  const [first] = await take(subscribe(`${server.origin}/json`, { ...base, json: true }), 1);
  expect(first?.json).toStrictEqual({ value: 1 });
});

it("the watchdog reconnects when no byte arrives within heartbeatTimeout", async () => {
  const timers = recordingTimers();
  const subscription = subscribe(`${server.origin}/basic`, {
    ...base,
    heartbeatTimeout: 200,
    backoff: { min: 1, max: 5 },
    timers,
  });
  const errors: string[] = [];
  subscription.on("error", (error) => errors.push(error.code));
  await waitFor(() => errors.includes(ErrorCode.HeartbeatTimeout), "a heartbeat timeout");
  await waitFor(() => subscription.state === "open", "reopened");
  const resumed = server.requests.filter((r) => r.url.startsWith("/basic")).at(-1);
  expect(resumed?.headers["last-event-id"]).toBe("2");
  subscription.close();
  expect(timers.pending).toBe(0);
});

it("the announced heartbeat sets the watchdog to three times it", async () => {
  const timers = recordingTimers();
  const subscription = subscribe(`${server.origin}/ssehub-fresh`, { ...base, timers });
  await take(subscription, 2);
  expect(timers.delays.includes(45_000), `delays: ${timers.delays}`).toBeTruthy();
  expect(timers.pending).toBe(0);
});

it("the watchdog also drops a request that gets no response at all, and the client retries", async () => {
  const timers = recordingTimers();
  const subscription = subscribe(`${server.origin}/mute-head`, {
    ...base,
    heartbeatTimeout: 200,
    backoff: { min: 1, max: 5 },
    timers,
  });
  const errors: ClientError[] = [];
  subscription.on("error", (error) => errors.push(error));
  const iterator = subscription[Symbol.asyncIterator]();
  const { value } = await within(iterator.next(), "an update after the silent request was dropped");
  expect(value?.id).toBe("1");
  expect([errors[0]?.code, errors[0]?.fatal]).toStrictEqual([ErrorCode.Network, false]);
  subscription.close();
  expect(timers.pending).toBe(0);
});
