import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isSseError } from "../src/index.ts";
import { message, parse, parseChunks, utf8 } from "./helpers/collect.ts";

const limit = { maxBufferSize: 16 };

describe("maxBufferSize", () => {
  test("a line within the limit is parsed", () => {
    assert.deepEqual(parse("data: 0123456789\n\n", limit).events, [message("0123456789")]);
  });

  test("a complete line over the limit reports buffer-overflow, discards the event, and parsing goes on", () => {
    const result = parse("data: a\ndata: 01234567890123456789\ndata: b\n\ndata: next\n\n", limit);
    assert.equal(result.errors.length, 1);
    assert.ok(isSseError(result.errors[0]));
    assert.equal(result.errors[0]?.code, "buffer-overflow");
    assert.deepEqual(result.events, [message("next")]);
  });

  test("a partial line growing over the limit across chunks is reported once and skipped", () => {
    const chunks = ["data: 0123", "456789", "0123456789", "0123456789\n", "data: x\n\n", "data: ok\n\n"];
    const result = parseChunks(chunks, limit);
    assert.deepEqual(
      result.errors.map((error) => error.code),
      ["buffer-overflow"],
    );
    assert.deepEqual(result.events, [message("ok")]);
  });

  test("event data over the limit, made of short lines, is reported and discarded", () => {
    const result = parse("data: 012345\ndata: 012345\ndata: 012345\n\ndata: ok\n\n", limit);
    assert.equal(result.errors.length, 1);
    assert.deepEqual(result.events, [message("ok")]);
  });

  test("the limit counts UTF-8 bytes, not characters", () => {
    // 6 characters, 18 bytes in UTF-8.
    assert.equal(parse("data: €€€€€€\n\n", limit).errors.length, 1);
    assert.equal(parse("data: aaaaaa\n\n", limit).errors.length, 0);
  });

  test("an id set in the discarded block does not become the last event id", () => {
    const result = parse("id: 1\ndata: a\n\nid: 2\ndata: 01234567890123456789\n\ndata: b\n\n", limit);
    assert.deepEqual(result.events, [message("a", "1"), message("b", "1")]);
  });

  test("a blank line right after an overlong partial line ends the discarded event", () => {
    const result = parseChunks([utf8("data: 01234567890123456789"), utf8("\n\ndata: b\n\n")], limit);
    assert.deepEqual(result.events, [message("b")]);
  });

  test("without onError, parsing goes on silently", () => {
    assert.deepEqual(parse("data: 01234567890123456789\n\ndata: b\n\n", limit).events, [message("b")]);
  });

  test("the default is 8 MiB", () => {
    const big = "x".repeat(8 * 1024 * 1024 - 16);
    assert.equal(parse(`data: ${big}\n\n`).events[0]?.data.length, big.length);
    assert.equal(parse(`data: ${big}${"x".repeat(64)}\n\n`).errors.length, 1);
  });
});
