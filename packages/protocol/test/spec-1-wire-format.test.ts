// SSE-SPEC §1: the grammar of an event stream.
import { describe, expect, it } from "vitest";
import { events, message, parse } from "./helpers/collect.ts";

describe("§1 wire format", () => {
  it("a stream is a sequence of events, each ended by a blank line", () => {
    expect(events("data: a\n\ndata: b\n\n")).toStrictEqual([message("a"), message("b")]);
  });

  it("an event may hold any number of comment and field lines", () => {
    const result = parse(": one\ndata: a\n: two\ndata: b\n\n");
    expect(result.events).toStrictEqual([message("a\nb")]);
    expect(result.comments).toStrictEqual(["one", "two"]);
  });

  it("a line starting with a colon is a comment", () => {
    const result = parse(":data: not a field\n\n");
    expect(result.events).toStrictEqual([]);
    expect(result.comments).toStrictEqual(["data: not a field"]);
  });

  it("a field is a name, an optional colon, an optional single space and a value", () => {
    expect(events("data:no space\n\n")).toStrictEqual([message("no space")]);
    expect(events("data: one space\n\n")).toStrictEqual([message("one space")]);
    expect(events("data\n\n")).toStrictEqual([message("")]);
  });

  it("CRLF, a lone LF and a lone CR all end a line", () => {
    const expected = [message("a"), message("b"), message("c")];
    expect(events("data: a\r\n\r\ndata: b\n\ndata: c\r\r")).toStrictEqual(expected);
  });

  it("NUL, TAB, U+2028, U+0085, VT and FF are ordinary characters, not line ends", () => {
    const value = "a\0b\tc\u2028d\u0085e\vf\fg";
    expect(events(`data: ${value}\n\n`)).toStrictEqual([message(value)]);
  });

  it("name characters exclude only LF, CR and colon", () => {
    // "da\u2028ta" is an unknown field, not "data".
    expect(events("da\u2028ta: x\n\n")).toStrictEqual([]);
  });

  it("a value may contain colons", () => {
    expect(events("data: a:b: c\n\n")).toStrictEqual([message("a:b: c")]);
  });
});
