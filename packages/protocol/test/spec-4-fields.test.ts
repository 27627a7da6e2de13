// SSE-SPEC §4: the four fields.
import { describe, expect, it } from "vitest";
import { events, message, parse } from "./helpers/collect.ts";

describe("§4 processing a field", () => {
  it("event sets the event type", () => {
    expect(events("event: add\ndata: a\n\n")).toStrictEqual([message("a", "", "add")]);
  });

  it("the last event field of a block wins", () => {
    expect(events("event: a\nevent: b\ndata: x\n\n")).toStrictEqual([message("x", "", "b")]);
  });

  it("data appends the value and a LF", () => {
    expect(events("data: a\ndata: b\ndata: c\n\n")).toStrictEqual([message("a\nb\nc")]);
  });

  it("an empty data line adds an empty line", () => {
    expect(events("data: a\ndata:\ndata: b\n\n")).toStrictEqual([message("a\n\nb")]);
  });

  it("id sets the last event id", () => {
    expect(events("id: 42\ndata: a\n\n")).toStrictEqual([message("a", "42")]);
  });

  it("an empty id resets the last event id", () => {
    expect(events("id: 1\ndata: a\n\nid:\ndata: b\n\n")).toStrictEqual([message("a", "1"), message("b", "")]);
  });

  it("an id containing NUL is ignored and the previous id stays", () => {
    expect(events("id: 1\ndata: a\n\nid: 2\0\ndata: b\n\n")).toStrictEqual([
      message("a", "1"),
      message("b", "1"),
    ]);
  });

  it("retry of ASCII digits is reported at once, without dispatch", () => {
    const result = parse("retry: 1500\n");
    expect(result.retries).toStrictEqual([1500]);
    expect(result.events).toStrictEqual([]);
  });

  it("retry is read in base 10: 03000 is 3000", () => {
    expect(parse("retry: 03000\n").retries).toStrictEqual([3000]);
  });

  it("retry: 0 is valid", () => {
    expect(parse("retry: 0\n").retries).toStrictEqual([0]);
  });

  for (const value of ["-1", "+5", "1.5", "0x10", " 100", "100 ", "", "١٢", "1e3", "abc"]) {
    it(`retry ${JSON.stringify(value)} is ignored`, () => {
      expect(parse(`retry: ${value}\n`).retries).toStrictEqual([]);
    });
  }

  it("a bare retry line is ignored", () => {
    expect(parse("retry\n").retries).toStrictEqual([]);
  });

  it("unknown fields are ignored", () => {
    expect(events("foo: bar\ndata: a\nx\n\n")).toStrictEqual([message("a")]);
  });
});
