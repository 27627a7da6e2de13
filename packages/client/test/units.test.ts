import { expect, it } from "vitest";
import { mercureLinks } from "../src/discover.ts";
import { ClientError, ErrorCode, isClientError } from "../src/index.ts";
import { publishBody } from "../src/publish.ts";
import { createStateMachine, type SubscriptionState } from "../src/state.ts";
import { createUpdateQueue } from "../src/update-queue.ts";

it("state machine: allowed moves are reported once, others refused", () => {
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
  for (const [next, ok] of moves) expect(machine.to(next), next).toBe(ok);
  expect(seen).toStrictEqual([
    "connecting->open",
    "open->reconnecting",
    "reconnecting->open",
    "open->closed",
  ]);
});

it("update queue: hands items over in order, reports full, frees room as the consumer pulls", async () => {
  const queue = createUpdateQueue<number>(2);
  queue.push(1);
  expect(queue.full).toBe(false);
  queue.push(2);
  expect(queue.full).toBe(true);
  let roomy = false;
  const room = queue.room().then(() => {
    roomy = true;
  });
  expect(await queue.next()).toStrictEqual({ value: 1, done: false });
  await room;
  expect(roomy).toBe(true);
  const waiting = queue.next();
  queue.next();
  expect(await waiting).toStrictEqual({ value: 2, done: false });
});

it("update queue: ends after the buffered items, throwing a fatal error once", async () => {
  const queue = createUpdateQueue<number>(4);
  queue.push(1);
  const error = new ClientError(ErrorCode.Forbidden, "no");
  queue.end(error);
  queue.push(2);
  expect(await queue.next()).toStrictEqual({ value: 1, done: false });
  await expect(queue.next()).rejects.toBe(error);
  expect(await queue.next()).toStrictEqual({ value: undefined, done: true });
});

it("publish body: Mercure form fields, JSON for non-string data, retain as an extension", () => {
  const body = publishBody({
    topics: ["urn:a", "urn:b"],
    data: { n: 1 },
    id: "x",
    type: "counter",
    retry: 0,
    private: true,
    retain: true,
  });
  expect(body.toString()).toBe(
    "topic=urn%3Aa&topic=urn%3Ab&data=%7B%22n%22%3A1%7D&id=x&type=counter&retry=0&private=on&retain=on",
  );
  expect(publishBody({ topics: "t", data: "plain", private: false }).toString()).toBe("topic=t&data=plain");
});

it("discovery: Link header targets with rel mercure, in order", () => {
  const header =
    '<https://example.com/hub>; rel="mercure", </other>; rel=self, <hub2>; rel="preload mercure"; title="x,y"';
  expect(mercureLinks(header)).toStrictEqual(["https://example.com/hub", "hub2"]);
  expect(mercureLinks("</a>; rel=mercure")).toStrictEqual(["/a"]);
  expect(mercureLinks("")).toStrictEqual([]);
});

it("errors: name, code, status and a structural check", () => {
  const error = new ClientError(ErrorCode.HttpStatus, "404", {
    status: 404,
    reason: "not_found",
    fatal: true,
  });
  expect(error.name).toBe("ClientError");
  expect(error.status).toBe(404);
  expect(isClientError(error)).toBeTruthy();
  expect(isClientError(Object.assign(new Error("x"), { name: "ClientError", code: "network" }))).toBeTruthy();
  expect(!isClientError(new Error("x"))).toBeTruthy();
});
