// SSE-SPEC §2.2: lines end at CRLF, at a lone LF or at a lone CR, also when split across chunks.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { byteByByte, message, parseChunks, utf8 } from "./helpers/collect.ts";

describe("§2.2 line splitting", () => {
  test("a lone LF ends a line", () => {
    assert.deepEqual(parseChunks(["data: a\ndata: b\n\n"]).events, [message("a\nb")]);
  });

  test("a lone CR ends a line", () => {
    assert.deepEqual(parseChunks(["data: a\rdata: b\r\r"]).events, [message("a\nb")]);
  });

  test("CRLF is one line end, not two", () => {
    assert.deepEqual(parseChunks(["data: a\r\ndata: b\r\n\r\n"]).events, [message("a\nb")]);
  });

  test("LF CR is two line ends (a blank line)", () => {
    assert.deepEqual(parseChunks(["data: a\n\rdata: b\n\n"]).events, [message("a"), message("b")]);
  });

  test("a CRLF split across two chunks is one line end", () => {
    assert.deepEqual(parseChunks(["data: a\r", "\ndata: b\r", "\n\r", "\n"]).events, [message("a\nb")]);
  });

  test("a CRLF split across two byte chunks is one line end", () => {
    assert.deepEqual(parseChunks([utf8("data: a\r"), utf8("\n\r"), utf8("\n")]).events, [message("a")]);
  });

  test("a CR at the end of a chunk followed by a non-LF ends the line once", () => {
    assert.deepEqual(parseChunks(["data: a\r", "data: b\r", "\r"]).events, [message("a\nb")]);
  });

  test("a CR ending a chunk then an empty chunk then LF is still one line end", () => {
    assert.deepEqual(parseChunks(["data: a\r", "", "\n", "\n"]).events, [message("a")]);
  });

  test("mixed line ends, one byte at a time", () => {
    const stream = utf8("data: 1\r\ndata: 2\rdata: 3\n\r\nid: x\r\rdata: 4\n\n");
    const expected = [message("1\n2\n3"), message("4", "x")];
    assert.deepEqual(parseChunks(byteByByte(stream)).events, expected);
    assert.deepEqual(parseChunks([stream]).events, expected);
  });

  test("a line may span many chunks", () => {
    assert.deepEqual(parseChunks(["da", "ta", ":", " ", "lo", "ng", "\n", "\n"]).events, [message("long")]);
  });
});
