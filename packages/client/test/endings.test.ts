import { afterAll, expect, it } from "vitest";
import { CloseReason, ErrorCode, subscribe } from "../src/index.ts";
import { rawServer, sse } from "./helpers/raw-server.ts";
import { clientErrorOf } from "./helpers/rejection.ts";
import { recordingTimers } from "./helpers/timers.ts";
import { take, waitFor, within } from "./helpers/wait.ts";

/** Events the /drip route has written so far, over all its responses. */
let dripWritten = 0;
const server = await rawServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://x");
  const status = Number(url.searchParams.get("status") ?? 200);
  if (url.pathname === "/status") {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: "reason_code", message: "the hub says no" }));
  } else if (url.pathname === "/html") {
    response.writeHead(200, { "content-type": "text/html" });
    response.end("<p>not a stream</p>");
  } else if (url.pathname === "/trailing-semicolon") {
    response.writeHead(200, { "content-type": "text/event-stream;" });
    response.end("data: ok\n\n");
  } else if (url.pathname === "/many") {
    sse(
      response,
      Array.from({ length: 200 }, (_, n) => `id: ${n}\ndata: ${"x".repeat(1000)}\n\n`),
    );
  } else if (url.pathname === "/drip") {
    // One event per write, a few ms apart: a reader that stops pulling is then waiting for room, not parsing.
    sse(response);
    let n = 0;
    const timer = setInterval(() => {
      response.write(`id: ${n}\ndata: ${n++}\n\n`);
      dripWritten++;
    }, 5);
    response.on("close", () => clearInterval(timer));
  } else sse(response, [": open\n\n"]);
});
afterAll(() => server.close());

const options = { topics: "urn:t", backoff: { min: 1, max: 5 } };

it("204 ends the iterator normally with close reason no-content", async () => {
  const subscription = subscribe(`${server.origin}/status?status=204`, options);
  expect(await take(subscription, 1)).toStrictEqual([]);
  await within(
    (async () => {
      for await (const _ of subscription) expect.unreachable("no update expected");
    })(),
    "the ended iterator to finish",
  );
  expect(subscription.state).toBe("closed");
  expect(subscription.closeReason).toBe(CloseReason.NoContent);
});

for (const [status, code] of [
  [401, ErrorCode.Unauthorized],
  [403, ErrorCode.Forbidden],
  [404, ErrorCode.HttpStatus],
  [400, ErrorCode.HttpStatus],
] as const) {
  it(`${status} throws a ClientError with code ${code}, the status and the hub's reason`, async () => {
    const subscription = subscribe(`${server.origin}/status?status=${status}`, options);
    const error = await clientErrorOf(
      within(
        (async () => {
          for await (const _ of subscription) expect.unreachable("no update expected");
        })(),
        `the subscription answered ${status} to end`,
      ),
      `a subscription answered ${status}`,
    );
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.reason).toBe("reason_code");
    expect(error.fatal).toBe(true);
    expect(subscription.closeReason).toBe(code);
  });
}

it("a wrong content type throws content-type; a trailing ';' is accepted", async () => {
  await expect(
    within(
      (async () => {
        for await (const _ of subscribe(`${server.origin}/html`, options));
      })(),
      "the text/html subscription to end",
    ),
  ).rejects.toMatchObject({ name: "ClientError", code: ErrorCode.ContentType });
  const [update] = await take(subscribe(`${server.origin}/trailing-semicolon`, options), 1);
  expect(update?.data).toBe("ok");
});

it("401 calls the token function once more, then gives up", async () => {
  let calls = 0;
  const token = async (): Promise<string> => `token-${++calls}`;
  const errors: string[] = [];
  const subscription = subscribe(`${server.origin}/status?status=401`, { ...options, token });
  subscription.on("error", (error) => errors.push(error.code));
  await waitFor(() => subscription.state === "closed", "closed");
  expect(calls).toBe(2);
  expect(errors).toStrictEqual([ErrorCode.Unauthorized]);
  const seen = server.requests.filter((r) => r.url.startsWith("/status?status=401")).slice(-2);
  expect(seen.map((r) => r.headers.authorization)).toStrictEqual(["Bearer token-1", "Bearer token-2"]);
});

it("close() and abort leave no pending timer and no open socket", async () => {
  const timers = recordingTimers();
  const before = server.sockets;
  const subscription = subscribe(`${server.origin}/stream`, { ...options, timers, heartbeatTimeout: 60_000 });
  const states: string[] = [];
  subscription.on("state", (state) => states.push(state));
  await waitFor(() => subscription.state === "open", "open");
  subscription.close();
  subscription.close();
  expect(timers.pending).toBe(0);
  await waitFor(() => server.sockets <= before, "the socket to close");
  expect(states).toStrictEqual(["open", "closed"]);
  expect(subscription.closeReason).toBe(CloseReason.Closed);

  const controller = new AbortController();
  const aborted = subscribe(`${server.origin}/stream`, { ...options, timers, signal: controller.signal });
  const iteration = take(aborted, 1);
  await waitFor(() => aborted.state === "open", "open");
  controller.abort();
  expect(await iteration).toStrictEqual([]);
  expect(aborted.closeReason).toBe(CloseReason.Aborted);
  expect(timers.pending).toBe(0);
  await waitFor(() => server.sockets <= before, "the socket to close");
});

it("an already aborted signal closes at once without a request", () => {
  const count = server.requests.length;
  const subscription = subscribe(`${server.origin}/stream`, { ...options, signal: AbortSignal.abort() });
  expect(subscription.state).toBe("closed");
  expect(subscription.closeReason).toBe(CloseReason.Aborted);
  expect(server.requests.length).toBe(count);
});

it("no selector is refused at once with invalid-options", () => {
  expect(() => subscribe(server.origin, {})).toThrow(
    expect.objectContaining({ name: "ClientError", code: ErrorCode.InvalidOptions }),
  );
});

it("close() while the reader waits for a stalled iterator ends it and frees the socket", async () => {
  const before = server.sockets;
  const subscription = subscribe(`${server.origin}/many`, { ...options, highWaterMark: 1 });
  const iterator = subscription[Symbol.asyncIterator]();
  expect((await iterator.next()).value?.id).toBe("0");
  await waitFor(() => subscription.lastEventId !== "0", "the buffer to fill up");
  subscription.close();
  expect(await iterator.next()).toStrictEqual({ value: undefined, done: true });
  await waitFor(() => server.sockets <= before, "the socket to close");
});

it("close() while the reader waits for a stalled iterator leaves no watchdog timer behind", async () => {
  const timers = recordingTimers();
  const subscription = subscribe(`${server.origin}/drip`, {
    ...options,
    highWaterMark: 1,
    heartbeatTimeout: 60_000,
    timers,
  });
  const iterator = subscription[Symbol.asyncIterator]();
  expect((await iterator.next()).value?.id).toBe("0");
  await waitFor(() => subscription.lastEventId === "1", "the buffer to fill up");
  // More events sent than the buffer holds: the reader is now waiting for the consumer.
  const written = dripWritten;
  await waitFor(() => dripWritten >= written + 3, "three more events written while the reader waits");
  const armedBeforeClose = timers.delays.length;
  subscription.close();
  expect(await iterator.next()).toStrictEqual({ value: undefined, done: true });
  // The reader wakes up after close() and winds down on its own: it re-arms the watchdog once on the way
  // out of its wait for room, and nothing it leaves may still be pending after that.
  await waitFor(
    () => timers.delays.length > armedBeforeClose && timers.pending === 0,
    "the reader to wake up after close() and stop its watchdog",
  );
  expect(timers.pending).toBe(0);
});
