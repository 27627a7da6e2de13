// SSE-SPEC §2.1: UTF-8 decode, one leading BOM stripped, invalid bytes as U+FFFD, streaming.
import { describe, expect, it } from "vitest";
import { byteByByte, concat, message, parseChunks, splitAt, utf8 } from "./helpers/collect.ts";

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const dataBytes = (...value: number[]): Uint8Array => concat([utf8("data: "), bytes(...value), utf8("\n\n")]);
const dataOf = (chunks: Uint8Array[]): string[] => parseChunks(chunks).events.map((event) => event.data);

describe("§2.1 decoding", () => {
  it("the stream is decoded as UTF-8", () => {
    expect(dataOf([utf8("data: é€😀\n\n")])).toStrictEqual(["é€😀"]);
  });

  it("one leading BOM is stripped", () => {
    expect(dataOf([utf8("\uFEFFdata: a\n\n")])).toStrictEqual(["a"]);
  });

  it("a leading BOM fed as a string is stripped too", () => {
    expect(parseChunks(["\uFEFFdata: a\n\n"]).events).toStrictEqual([message("a")]);
  });

  it("a BOM split across byte chunks is still stripped", () => {
    expect(dataOf([bytes(0xef), bytes(0xbb), bytes(0xbf), utf8("data: a\n\n")])).toStrictEqual(["a"]);
  });

  it("only one BOM is stripped: a second one becomes part of the first field name", () => {
    expect(parseChunks([utf8("\uFEFF\uFEFFdata: a\n\n")]).events).toStrictEqual([]);
  });

  it("a BOM after the start of the stream is an ordinary character", () => {
    expect(dataOf([utf8("data: a\n\n"), utf8("\uFEFFdata: b\n\ndata: \uFEFF\n\n")])).toStrictEqual([
      "a",
      "\uFEFF",
    ]);
  });

  it("E2 82 followed by LF gives one U+FFFD", () => {
    expect(dataOf([dataBytes(0xe2, 0x82)])).toStrictEqual(["\uFFFD"]);
  });

  it("C0 AF gives two U+FFFD", () => {
    expect(dataOf([dataBytes(0xc0, 0xaf)])).toStrictEqual(["\uFFFD\uFFFD"]);
  });

  it("an encoded surrogate ED A0 80 gives three U+FFFD", () => {
    expect(dataOf([dataBytes(0xed, 0xa0, 0x80)])).toStrictEqual(["\uFFFD\uFFFD\uFFFD"]);
  });

  it("a lone continuation byte and a truncated 4-byte sequence become U+FFFD", () => {
    expect(dataOf([dataBytes(0x80, 0x41, 0xf0, 0x9f, 0x98)])).toStrictEqual(["\uFFFDA\uFFFD"]);
  });

  it("a multi-byte character split between chunks is reassembled, at every split point", () => {
    const stream = utf8("data: é€😀\n\n");
    for (let at = 0; at <= stream.length; at++) expect(dataOf(splitAt(stream, at))).toStrictEqual(["é€😀"]);
    expect(dataOf(byteByByte(stream))).toStrictEqual(["é€😀"]);
  });

  it("unfinished bytes followed by a string chunk become U+FFFD", () => {
    expect(parseChunks([utf8("data: a"), bytes(0xe2, 0x82), "b\n\n"]).events).toStrictEqual([
      message("a\uFFFDb"),
    ]);
  });
});
