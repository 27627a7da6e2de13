// SSE-SPEC §2.1: UTF-8 decode, one leading BOM stripped, invalid bytes as U+FFFD, streaming.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { byteByByte, concat, message, parseChunks, splitAt, utf8 } from "./helpers/collect.ts";

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const dataBytes = (...value: number[]): Uint8Array => concat([utf8("data: "), bytes(...value), utf8("\n\n")]);
const dataOf = (chunks: Uint8Array[]): string[] => parseChunks(chunks).events.map((event) => event.data);

describe("§2.1 decoding", () => {
  test("the stream is decoded as UTF-8", () => {
    assert.deepEqual(dataOf([utf8("data: é€😀\n\n")]), ["é€😀"]);
  });

  test("one leading BOM is stripped", () => {
    assert.deepEqual(dataOf([utf8("\uFEFFdata: a\n\n")]), ["a"]);
  });

  test("a leading BOM fed as a string is stripped too", () => {
    assert.deepEqual(parseChunks(["\uFEFFdata: a\n\n"]).events, [message("a")]);
  });

  test("a BOM split across byte chunks is still stripped", () => {
    assert.deepEqual(dataOf([bytes(0xef), bytes(0xbb), bytes(0xbf), utf8("data: a\n\n")]), ["a"]);
  });

  test("only one BOM is stripped: a second one becomes part of the first field name", () => {
    assert.deepEqual(parseChunks([utf8("\uFEFF\uFEFFdata: a\n\n")]).events, []);
  });

  test("a BOM after the start of the stream is an ordinary character", () => {
    assert.deepEqual(dataOf([utf8("data: a\n\n"), utf8("\uFEFFdata: b\n\ndata: \uFEFF\n\n")]), [
      "a",
      "\uFEFF",
    ]);
  });

  test("E2 82 followed by LF gives one U+FFFD", () => {
    assert.deepEqual(dataOf([dataBytes(0xe2, 0x82)]), ["\uFFFD"]);
  });

  test("C0 AF gives two U+FFFD", () => {
    assert.deepEqual(dataOf([dataBytes(0xc0, 0xaf)]), ["\uFFFD\uFFFD"]);
  });

  test("an encoded surrogate ED A0 80 gives three U+FFFD", () => {
    assert.deepEqual(dataOf([dataBytes(0xed, 0xa0, 0x80)]), ["\uFFFD\uFFFD\uFFFD"]);
  });

  test("a lone continuation byte and a truncated 4-byte sequence become U+FFFD", () => {
    assert.deepEqual(dataOf([dataBytes(0x80, 0x41, 0xf0, 0x9f, 0x98)]), ["\uFFFDA\uFFFD"]);
  });

  test("a multi-byte character split between chunks is reassembled, at every split point", () => {
    const stream = utf8("data: é€😀\n\n");
    for (let at = 0; at <= stream.length; at++) assert.deepEqual(dataOf(splitAt(stream, at)), ["é€😀"]);
    assert.deepEqual(dataOf(byteByByte(stream)), ["é€😀"]);
  });

  test("unfinished bytes followed by a string chunk become U+FFFD", () => {
    assert.deepEqual(parseChunks([utf8("data: a"), bytes(0xe2, 0x82), "b\n\n"]).events, [
      message("a\uFFFDb"),
    ]);
  });
});
