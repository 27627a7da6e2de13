import { afterAll, expect, it, onTestFinished } from "vitest";
import { discover, ErrorCode, publish, subscribe } from "../src/index.ts";
import { startHub } from "./helpers/hub.ts";
import { rawServer } from "./helpers/raw-server.ts";
import { clientErrorOf } from "./helpers/rejection.ts";
import { recordingTimers } from "./helpers/timers.ts";
import { take, waitFor } from "./helpers/wait.ts";

const { url, close } = await startHub({
  heartbeat: 0,
  authorize: ({ request, action }) =>
    action === "publish" ? request.headers.get("authorization") === "Bearer good" : undefined,
});
afterAll(close);

/** 503 (with Retry-After) the first time a body is posted, then 200 with the posted id. */
const seen = new Set<string>();
const flaky = await rawServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => {
    body += chunk.toString();
  });
  request.on("end", () => {
    if (!seen.has(body)) {
      seen.add(body);
      response.writeHead(503, { "retry-after": "1", "content-type": "application/json" });
      response.end('{"error":"busy","message":"try later"}');
    } else response.end(new URLSearchParams(body).get("id") ?? "");
  });
});
afterAll(() => flaky.close());

it("publish: resolves to the id; subscribers receive type and JSON text of non-string data", async () => {
  const subscription = subscribe(url, { topics: "urn:p", json: true });
  const received = take(subscription, 1);
  await waitFor(() => subscription.state === "open", "open");
  const id = await publish(url, { topics: "urn:p", type: "point", data: { x: 1 } }, { token: "good" });
  const [update] = await received;
  expect(update?.id).toBe(id);
  expect(update?.type).toBe("point");
  expect(update?.data).toBe('{"x":1}');
  expect(update?.json).toStrictEqual({ x: 1 });
});

it("publish retain: a fresh subscriber gets it first, flagged retained, then live updates", async () => {
  const kept = await publish(
    url,
    { topics: "urn:r", data: "state", retain: true },
    { token: async () => "good" },
  );
  const subscription = subscribe(url, { topics: "urn:r" });
  const received = take(subscription, 2);
  await waitFor(() => subscription.state === "open", "open");
  const live = await publish(url, { topics: "urn:r", data: "live", id: "live-1" }, { token: "good" });
  expect((await received).map((u) => [u.id, u.retained, u.replayed])).toStrictEqual([
    [kept, true, false],
    [live, false, false],
  ]);
});

it("publish errors carry the status and the hub's reason", async () => {
  const error = await clientErrorOf(
    publish(url, { topics: "urn:p", data: "x" }, { token: "bad" }),
    "a publish with a bad token",
  );
  expect(error.code).toBe(ErrorCode.Forbidden);
  expect(error.status).toBe(403);
  expect(typeof error.reason).toBe("string");
  await expect(publish(url, { topics: "urn:p", type: "mercure" }, { token: "good" })).rejects.toMatchObject({
    code: ErrorCode.HttpStatus,
    status: 400,
  });
});

it("publish is never retried on its own; with an id and retries it is, honouring Retry-After", async () => {
  const start = flaky.requests.length;
  await expect(publish(flaky.origin, { topics: "t", data: "x" })).rejects.toMatchObject({
    code: ErrorCode.Unavailable,
    status: 503,
    reason: "busy",
  });
  expect(flaky.requests.length, "one request only").toBe(start + 1);
  await expect(publish(flaky.origin, { topics: "t" }, { retries: 2 })).rejects.toMatchObject({
    code: ErrorCode.InvalidOptions,
  });
  const timers = recordingTimers(0);
  const id = await publish(flaky.origin, { topics: "t", data: "x", id: "same" }, { retries: 2, timers });
  expect(id).toBe("same");
  expect(flaky.requests.length).toBe(start + 3);
  expect(timers.delays[0]).toBe(1_000);
});

it("discover: the hub from a Link rel=mercure header, resolved against the page", async () => {
  const page = await rawServer((_request, response) => {
    response.writeHead(200, { link: '</.well-known/mercure>; rel="mercure", </x>; rel="self"' });
    response.end("ok");
  });
  onTestFinished(() => page.close());
  expect(await discover(`${page.origin}/books/1`)).toBe(`${page.origin}/.well-known/mercure`);
  await expect(discover(`${flaky.origin}/none`)).rejects.toMatchObject({ code: ErrorCode.NotDiscovered });
});

it("discover: an unreachable page rejects with a network ClientError, not the fetch's TypeError", async () => {
  const gone = await rawServer(() => {});
  await gone.close();
  const error = await clientErrorOf(discover(`${gone.origin}/books/1`), "discover on a closed port");
  expect(error.code).toBe(ErrorCode.Network);
  expect(error.url).toBe(`${gone.origin}/books/1`);
});
