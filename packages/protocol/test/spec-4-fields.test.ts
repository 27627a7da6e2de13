// SSE-SPEC §4: the four fields.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { events, message, parse } from "./helpers/collect.ts";

describe("§4 processing a field", () => {
  test("event sets the event type", () => {
    assert.deepEqual(events("event: add\ndata: a\n\n"), [message("a", "", "add")]);
  });

  test("the last event field of a block wins", () => {
    assert.deepEqual(events("event: a\nevent: b\ndata: x\n\n"), [message("x", "", "b")]);
  });

  test("data appends the value and a LF", () => {
    assert.deepEqual(events("data: a\ndata: b\ndata: c\n\n"), [message("a\nb\nc")]);
  });

  test("an empty data line adds an empty line", () => {
    assert.deepEqual(events("data: a\ndata:\ndata: b\n\n"), [message("a\n\nb")]);
  });

  test("id sets the last event id", () => {
    assert.deepEqual(events("id: 42\ndata: a\n\n"), [message("a", "42")]);
  });

  test("an empty id resets the last event id", () => {
    assert.deepEqual(events("id: 1\ndata: a\n\nid:\ndata: b\n\n"), [message("a", "1"), message("b", "")]);
  });

  test("an id containing NUL is ignored and the previous id stays", () => {
    assert.deepEqual(events("id: 1\ndata: a\n\nid: 2\0\ndata: b\n\n"), [
      message("a", "1"),
      message("b", "1"),
    ]);
  });

  test("retry of ASCII digits is reported at once, without dispatch", () => {
    const result = parse("retry: 1500\n");
    assert.deepEqual(result.retries, [1500]);
    assert.deepEqual(result.events, []);
  });

  test("retry is read in base 10: 03000 is 3000", () => {
    assert.deepEqual(parse("retry: 03000\n").retries, [3000]);
  });

  test("retry: 0 is valid", () => {
    assert.deepEqual(parse("retry: 0\n").retries, [0]);
  });

  for (const value of ["-1", "+5", "1.5", "0x10", " 100", "100 ", "", "١٢", "1e3", "abc"]) {
    test(`retry ${JSON.stringify(value)} is ignored`, () => {
      assert.deepEqual(parse(`retry: ${value}\n`).retries, []);
    });
  }

  test("a bare retry line is ignored", () => {
    assert.deepEqual(parse("retry\n").retries, []);
  });

  test("unknown fields are ignored", () => {
    assert.deepEqual(events("foo: bar\ndata: a\nx\n\n"), [message("a")]);
  });
});
