// SSE-SPEC §3: what each line means.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { events, message, parse } from "./helpers/collect.ts";

describe("§3 processing each line", () => {
  test("an empty line dispatches the event", () => {
    assert.deepEqual(events("data: a\n"), []);
    assert.deepEqual(events("data: a\n\n"), [message("a")]);
  });

  test("a line starting with a colon is a comment: ignored, reported without one leading space", () => {
    const result = parse(": a\n:b\n:  c\n:\n\n");
    assert.deepEqual(result.events, []);
    assert.deepEqual(result.comments, ["a", "b", " c", ""]);
  });

  test("the field name is everything before the first colon", () => {
    assert.deepEqual(events("data:a:b\n\n"), [message("a:b")]);
  });

  test("only one leading space is removed from the value", () => {
    assert.deepEqual(events("data:  two\n\n"), [message(" two")]);
  });

  test("a tab after the colon is kept", () => {
    assert.deepEqual(events("data:\tx\n\n"), [message("\tx")]);
  });

  test("a line without a colon is a field name with an empty value", () => {
    assert.deepEqual(events("data\ndata\n\n"), [message("\n")]);
    assert.deepEqual(events("id: 1\ndata: a\n\nid\ndata: b\n\n"), [message("a", "1"), message("b", "")]);
  });

  test("field names are case-sensitive", () => {
    assert.deepEqual(events("Data: a\nDATA: b\n\n"), []);
  });

  test("field names are not trimmed", () => {
    assert.deepEqual(events(" data: a\ndata : b\n\n"), []);
  });
});
