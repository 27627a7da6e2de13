// SSE-SPEC §3: what each line means.
import { describe, expect, it } from "vitest";
import { events, message, parse } from "./helpers/collect.ts";

describe("§3 processing each line", () => {
  it("an empty line dispatches the event", () => {
    expect(events("data: a\n")).toStrictEqual([]);
    expect(events("data: a\n\n")).toStrictEqual([message("a")]);
  });

  it("a line starting with a colon is a comment: ignored, reported without one leading space", () => {
    const result = parse(": a\n:b\n:  c\n:\n\n");
    expect(result.events).toStrictEqual([]);
    expect(result.comments).toStrictEqual(["a", "b", " c", ""]);
  });

  it("the field name is everything before the first colon", () => {
    expect(events("data:a:b\n\n")).toStrictEqual([message("a:b")]);
  });

  it("only one leading space is removed from the value", () => {
    expect(events("data:  two\n\n")).toStrictEqual([message(" two")]);
  });

  it("a tab after the colon is kept", () => {
    expect(events("data:\tx\n\n")).toStrictEqual([message("\tx")]);
  });

  it("a line without a colon is a field name with an empty value", () => {
    expect(events("data\ndata\n\n")).toStrictEqual([message("\n")]);
    expect(events("id: 1\ndata: a\n\nid\ndata: b\n\n")).toStrictEqual([message("a", "1"), message("b", "")]);
  });

  it("field names are case-sensitive", () => {
    expect(events("Data: a\nDATA: b\n\n")).toStrictEqual([]);
  });

  it("field names are not trimmed", () => {
    expect(events(" data: a\ndata : b\n\n")).toStrictEqual([]);
  });
});
