// SSE-SPEC §2.2: lines end at CRLF, at a lone LF or at a lone CR, also when split across chunks.
import { describe, expect, it } from "vitest";
import { byteByByte, message, parseChunks, utf8 } from "./helpers/collect.ts";

describe("§2.2 line splitting", () => {
  it("a lone LF ends a line", () => {
    expect(parseChunks(["data: a\ndata: b\n\n"]).events).toStrictEqual([message("a\nb")]);
  });

  it("a lone CR ends a line", () => {
    expect(parseChunks(["data: a\rdata: b\r\r"]).events).toStrictEqual([message("a\nb")]);
  });

  it("CRLF is one line end, not two", () => {
    expect(parseChunks(["data: a\r\ndata: b\r\n\r\n"]).events).toStrictEqual([message("a\nb")]);
  });

  it("LF CR is two line ends (a blank line)", () => {
    expect(parseChunks(["data: a\n\rdata: b\n\n"]).events).toStrictEqual([message("a"), message("b")]);
  });

  it("a CRLF split across two chunks is one line end", () => {
    expect(parseChunks(["data: a\r", "\ndata: b\r", "\n\r", "\n"]).events).toStrictEqual([message("a\nb")]);
  });

  it("a CRLF split across two byte chunks is one line end", () => {
    expect(parseChunks([utf8("data: a\r"), utf8("\n\r"), utf8("\n")]).events).toStrictEqual([message("a")]);
  });

  it("a CR at the end of a chunk followed by a non-LF ends the line once", () => {
    expect(parseChunks(["data: a\r", "data: b\r", "\r"]).events).toStrictEqual([message("a\nb")]);
  });

  it("a CR ending a chunk then an empty chunk then LF is still one line end", () => {
    expect(parseChunks(["data: a\r", "", "\n", "\n"]).events).toStrictEqual([message("a")]);
  });

  it("mixed line ends, one byte at a time", () => {
    const stream = utf8("data: 1\r\ndata: 2\rdata: 3\n\r\nid: x\r\rdata: 4\n\n");
    const expected = [message("1\n2\n3"), message("4", "x")];
    expect(parseChunks(byteByByte(stream)).events).toStrictEqual(expected);
    expect(parseChunks([stream]).events).toStrictEqual(expected);
  });

  it("a line may span many chunks", () => {
    expect(parseChunks(["da", "ta", ":", " ", "lo", "ng", "\n", "\n"]).events).toStrictEqual([
      message("long"),
    ]);
  });
});
