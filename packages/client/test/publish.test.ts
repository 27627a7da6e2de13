import assert from "node:assert/strict";
import { after, test } from "node:test";
import { discover, ErrorCode, isClientError, publish, subscribe } from "../src/index.ts";
import { startHub } from "./helpers/hub.ts";
import { rawServer } from "./helpers/raw-server.ts";
import { recordingTimers } from "./helpers/timers.ts";
import { take, waitFor } from "./helpers/wait.ts";

const { url, close } = await startHub({
  heartbeat: 0,
  authorize: ({ request, action }) =>
    action === "publish" ? request.headers.get("authorization") === "Bearer good" : undefined,
});
after(close);

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
after(() => flaky.close());

test("publish: resolves to the id; subscribers receive type and JSON text of non-string data", async () => {
  const subscription = subscribe(url, { topics: "urn:p", json: true });
  const received = take(subscription, 1);
  await waitFor(() => subscription.state === "open", "open");
  const id = await publish(url, { topics: "urn:p", type: "point", data: { x: 1 } }, { token: "good" });
  const [update] = await received;
  assert.equal(update?.id, id);
  assert.equal(update?.type, "point");
  assert.equal(update?.data, '{"x":1}');
  assert.deepEqual(update?.json, { x: 1 });
});

test("publish retain: a fresh subscriber gets it first, flagged retained, then live updates", async () => {
  const kept = await publish(
    url,
    { topics: "urn:r", data: "state", retain: true },
    { token: async () => "good" },
  );
  const subscription = subscribe(url, { topics: "urn:r" });
  const received = take(subscription, 2);
  await waitFor(() => subscription.state === "open", "open");
  const live = await publish(url, { topics: "urn:r", data: "live", id: "live-1" }, { token: "good" });
  assert.deepEqual(
    (await received).map((u) => [u.id, u.retained, u.replayed]),
    [
      [kept, true, false],
      [live, false, false],
    ],
  );
});

test("publish errors carry the status and the hub's reason", async () => {
  await assert.rejects(publish(url, { topics: "urn:p", data: "x" }, { token: "bad" }), (error) => {
    assert.ok(isClientError(error));
    assert.equal(error.code, ErrorCode.Forbidden);
    assert.equal(error.status, 403);
    assert.equal(typeof error.reason, "string");
    return true;
  });
  await assert.rejects(publish(url, { topics: "urn:p", type: "mercure" }, { token: "good" }), {
    code: ErrorCode.HttpStatus,
    status: 400,
  });
});

test("publish is never retried on its own; with an id and retries it is, honouring Retry-After", async () => {
  const start = flaky.requests.length;
  await assert.rejects(publish(flaky.origin, { topics: "t", data: "x" }), {
    code: ErrorCode.Unavailable,
    status: 503,
    reason: "busy",
  });
  assert.equal(flaky.requests.length, start + 1, "one request only");
  await assert.rejects(publish(flaky.origin, { topics: "t" }, { retries: 2 }), {
    code: ErrorCode.InvalidOptions,
  });
  const timers = recordingTimers(0);
  const id = await publish(flaky.origin, { topics: "t", data: "x", id: "same" }, { retries: 2, timers });
  assert.equal(id, "same");
  assert.equal(flaky.requests.length, start + 3);
  assert.equal(timers.delays[0], 1_000);
});

test("discover: the hub from a Link rel=mercure header, resolved against the page", async () => {
  const page = await rawServer((_request, response) => {
    response.writeHead(200, { link: '</.well-known/mercure>; rel="mercure", </x>; rel="self"' });
    response.end("ok");
  });
  after(() => page.close());
  assert.equal(await discover(`${page.origin}/books/1`), `${page.origin}/.well-known/mercure`);
  await assert.rejects(discover(`${flaky.origin}/none`), { code: ErrorCode.NotDiscovered });
});

test("discover: an unreachable page rejects with a network ClientError, not the fetch's TypeError", async () => {
  const gone = await rawServer(() => {});
  await gone.close();
  await assert.rejects(discover(`${gone.origin}/books/1`), (error) => {
    assert.ok(isClientError(error));
    assert.equal(error.code, ErrorCode.Network);
    assert.equal(error.url, `${gone.origin}/books/1`);
    return true;
  });
});
