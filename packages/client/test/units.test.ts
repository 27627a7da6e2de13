import assert from "node:assert/strict";
import { test } from "node:test";
import { mercureLinks } from "../src/discover.ts";
import { ClientError, ErrorCode, isClientError } from "../src/index.ts";
import { publishBody } from "../src/publish.ts";
import { createStateMachine, type SubscriptionState } from "../src/state.ts";
import { createUpdateQueue } from "../src/update-queue.ts";

test("state machine: allowed moves are reported once, others refused", () => {
  const seen: string[] = [];
  const machine = createStateMachine((state, previous) => seen.push(`${previous}->${state}`));
  const moves: [SubscriptionState, boolean][] = [
    ["open", true],
    ["open", true],
    ["connecting", false],
    ["reconnecting", true],
    ["open", true],
    ["closed", true],
    ["open", false],
  ];
  for (const [next, ok] of moves) assert.equal(machine.to(next), ok, next);
  assert.deepEqual(seen, ["connecting->open", "open->reconnecting", "reconnecting->open", "open->closed"]);
});

test("update queue: hands items over in order, reports full, frees room as the consumer pulls", async () => {
  const queue = createUpdateQueue<number>(2);
  queue.push(1);
  assert.equal(queue.full, false);
  queue.push(2);
  assert.equal(queue.full, true);
  let roomy = false;
  const room = queue.room().then(() => {
    roomy = true;
  });
  assert.deepEqual(await queue.next(), { value: 1, done: false });
  await room;
  assert.equal(roomy, true);
  const waiting = queue.next();
  queue.next();
  assert.deepEqual(await waiting, { value: 2, done: false });
});

test("update queue: ends after the buffered items, throwing a fatal error once", async () => {
  const queue = createUpdateQueue<number>(4);
  queue.push(1);
  const error = new ClientError(ErrorCode.Forbidden, "no");
  queue.end(error);
  queue.push(2);
  assert.deepEqual(await queue.next(), { value: 1, done: false });
  await assert.rejects(queue.next(), (e) => e === error);
  assert.deepEqual(await queue.next(), { value: undefined, done: true });
});

test("publish body: Mercure form fields, JSON for non-string data, retain as an extension", () => {
  const body = publishBody({
    topics: ["urn:a", "urn:b"],
    data: { n: 1 },
    id: "x",
    type: "counter",
    retry: 0,
    private: true,
    retain: true,
  });
  assert.equal(
    body.toString(),
    "topic=urn%3Aa&topic=urn%3Ab&data=%7B%22n%22%3A1%7D&id=x&type=counter&retry=0&private=on&retain=on",
  );
  assert.equal(publishBody({ topics: "t", data: "plain", private: false }).toString(), "topic=t&data=plain");
});

test("discovery: Link header targets with rel mercure, in order", () => {
  const header =
    '<https://example.com/hub>; rel="mercure", </other>; rel=self, <hub2>; rel="preload mercure"; title="x,y"';
  assert.deepEqual(mercureLinks(header), ["https://example.com/hub", "hub2"]);
  assert.deepEqual(mercureLinks("</a>; rel=mercure"), ["/a"]);
  assert.deepEqual(mercureLinks(""), []);
});

test("errors: name, code, status and a structural check", () => {
  const error = new ClientError(ErrorCode.HttpStatus, "404", {
    status: 404,
    reason: "not_found",
    fatal: true,
  });
  assert.equal(error.name, "ClientError");
  assert.equal(error.status, 404);
  assert.ok(isClientError(error));
  assert.ok(isClientError(Object.assign(new Error("x"), { name: "ClientError", code: "network" })));
  assert.ok(!isClientError(new Error("x")));
});
