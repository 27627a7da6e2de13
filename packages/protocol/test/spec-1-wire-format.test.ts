// SSE-SPEC §1: the grammar of an event stream.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { events, message, parse } from "./helpers/collect.ts";

describe("§1 wire format", () => {
  test("a stream is a sequence of events, each ended by a blank line", () => {
    assert.deepEqual(events("data: a\n\ndata: b\n\n"), [message("a"), message("b")]);
  });

  test("an event may hold any number of comment and field lines", () => {
    const result = parse(": one\ndata: a\n: two\ndata: b\n\n");
    assert.deepEqual(result.events, [message("a\nb")]);
    assert.deepEqual(result.comments, ["one", "two"]);
  });

  test("a line starting with a colon is a comment", () => {
    const result = parse(":data: not a field\n\n");
    assert.deepEqual(result.events, []);
    assert.deepEqual(result.comments, ["data: not a field"]);
  });

  test("a field is a name, an optional colon, an optional single space and a value", () => {
    assert.deepEqual(events("data:no space\n\n"), [message("no space")]);
    assert.deepEqual(events("data: one space\n\n"), [message("one space")]);
    assert.deepEqual(events("data\n\n"), [message("")]);
  });

  test("CRLF, a lone LF and a lone CR all end a line", () => {
    const expected = [message("a"), message("b"), message("c")];
    assert.deepEqual(events("data: a\r\n\r\ndata: b\n\ndata: c\r\r"), expected);
  });

  test("NUL, TAB, U+2028, U+0085, VT and FF are ordinary characters, not line ends", () => {
    const value = "a\0b\tc\u2028d\u0085e\vf\fg";
    assert.deepEqual(events(`data: ${value}\n\n`), [message(value)]);
  });

  test("name characters exclude only LF, CR and colon", () => {
    // "da\u2028ta" is an unknown field, not "data".
    assert.deepEqual(events("da\u2028ta: x\n\n"), []);
  });

  test("a value may contain colons", () => {
    assert.deepEqual(events("data: a:b: c\n\n"), [message("a:b: c")]);
  });
});
