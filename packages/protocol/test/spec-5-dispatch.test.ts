// SSE-SPEC §5: dispatching on a blank line.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createParser, type ParsedEvent } from "../src/index.ts";
import { events, message } from "./helpers/collect.ts";

describe("§5 dispatching the event", () => {
  test("the id persists for later events without an id field", () => {
    assert.deepEqual(events("id: 7\ndata: a\n\ndata: b\n\n"), [message("a", "7"), message("b", "7")]);
  });

  test("a block with an id and no data updates the last event id without dispatching", () => {
    assert.deepEqual(events("id: 7\n\ndata: b\n\n"), [message("b", "7")]);
  });

  test("a block without data dispatches nothing and its event type does not carry over", () => {
    assert.deepEqual(events("event: add\n\ndata: b\n\n"), [message("b")]);
  });

  test("one trailing LF is removed from the data", () => {
    assert.deepEqual(events("data: a\ndata:\n\n"), [message("a\n")]);
  });

  test("a single empty data line gives an event with empty data", () => {
    assert.deepEqual(events("data\n\n"), [message("")]);
  });

  test("the type is message when no event field was given", () => {
    assert.deepEqual(events("data: a\n\n")[0]?.type, "message");
  });

  test("an empty event field also means message", () => {
    assert.deepEqual(events("event:\ndata: a\n\n"), [message("a")]);
  });

  test("data and event type are reset after dispatch, the id is not", () => {
    assert.deepEqual(events("event: x\nid: 1\ndata: a\n\ndata: b\n\n"), [
      message("a", "1", "x"),
      message("b", "1"),
    ]);
  });

  test("several blank lines dispatch once", () => {
    assert.deepEqual(events("data: a\n\n\n\n"), [message("a")]);
  });

  test("the initial last event id option is used until the stream sets one", () => {
    const seen: ParsedEvent[] = [];
    const parser = createParser({ onEvent: (event) => seen.push(event), lastEventId: "41" });
    parser.feed("data: a\n\nid: 42\ndata: b\n\n");
    assert.deepEqual(seen, [message("a", "41"), message("b", "42")]);
  });
});
