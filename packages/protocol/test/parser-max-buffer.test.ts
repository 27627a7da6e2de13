import { describe, expect, it } from "vitest";
import { isSseError } from "../src/index.ts";
import { message, parse, parseChunks, utf8 } from "./helpers/collect.ts";

const limit = { maxBufferSize: 16 };

describe("maxBufferSize", () => {
  it("a line within the limit is parsed", () => {
    expect(parse("data: 0123456789\n\n", limit).events).toStrictEqual([message("0123456789")]);
  });

  it("a complete line over the limit reports buffer-overflow, discards the event, and parsing goes on", () => {
    const result = parse("data: a\ndata: 01234567890123456789\ndata: b\n\ndata: next\n\n", limit);
    expect(result.errors.length).toBe(1);
    expect(isSseError(result.errors[0])).toBeTruthy();
    expect(result.errors[0]?.code).toBe("buffer-overflow");
    expect(result.events).toStrictEqual([message("next")]);
  });

  it("a partial line growing over the limit across chunks is reported once and skipped", () => {
    const chunks = ["data: 0123", "456789", "0123456789", "0123456789\n", "data: x\n\n", "data: ok\n\n"];
    const result = parseChunks(chunks, limit);
    expect(result.errors.map((error) => error.code)).toStrictEqual(["buffer-overflow"]);
    expect(result.events).toStrictEqual([message("ok")]);
  });

  it("event data over the limit, made of short lines, is reported and discarded", () => {
    const result = parse("data: 012345\ndata: 012345\ndata: 012345\n\ndata: ok\n\n", limit);
    expect(result.errors.length).toBe(1);
    expect(result.events).toStrictEqual([message("ok")]);
  });

  it("the limit counts UTF-8 bytes, not characters", () => {
    // 6 characters, 18 bytes in UTF-8.
    expect(parse("data: €€€€€€\n\n", limit).errors.length).toBe(1);
    expect(parse("data: aaaaaa\n\n", limit).errors.length).toBe(0);
  });

  it("an id set in the discarded block does not become the last event id", () => {
    const result = parse("id: 1\ndata: a\n\nid: 2\ndata: 01234567890123456789\n\ndata: b\n\n", limit);
    expect(result.events).toStrictEqual([message("a", "1"), message("b", "1")]);
  });

  it("a blank line right after an overlong partial line ends the discarded event", () => {
    const result = parseChunks([utf8("data: 01234567890123456789"), utf8("\n\ndata: b\n\n")], limit);
    expect(result.events).toStrictEqual([message("b")]);
  });

  it("without onError, parsing goes on silently", () => {
    expect(parse("data: 01234567890123456789\n\ndata: b\n\n", limit).events).toStrictEqual([message("b")]);
  });

  it("the default is 8 MiB", () => {
    const big = "x".repeat(8 * 1024 * 1024 - 16);
    expect(parse(`data: ${big}\n\n`).events[0]?.data.length).toBe(big.length);
    expect(parse(`data: ${big}${"x".repeat(64)}\n\n`).errors.length).toBe(1);
  });
});
