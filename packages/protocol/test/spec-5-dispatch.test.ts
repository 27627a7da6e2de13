// SSE-SPEC §5: dispatching on a blank line.
import { describe, expect, it } from "vitest";
import { createParser, type ParsedEvent } from "../src/index.ts";
import { events, message } from "./helpers/collect.ts";

describe("§5 dispatching the event", () => {
  it("the id persists for later events without an id field", () => {
    expect(events("id: 7\ndata: a\n\ndata: b\n\n")).toStrictEqual([message("a", "7"), message("b", "7")]);
  });

  it("a block with an id and no data updates the last event id without dispatching", () => {
    expect(events("id: 7\n\ndata: b\n\n")).toStrictEqual([message("b", "7")]);
  });

  it("a block without data dispatches nothing and its event type does not carry over", () => {
    expect(events("event: add\n\ndata: b\n\n")).toStrictEqual([message("b")]);
  });

  it("one trailing LF is removed from the data", () => {
    expect(events("data: a\ndata:\n\n")).toStrictEqual([message("a\n")]);
  });

  it("a single empty data line gives an event with empty data", () => {
    expect(events("data\n\n")).toStrictEqual([message("")]);
  });

  it("the type is message when no event field was given", () => {
    expect(events("data: a\n\n")[0]?.type).toStrictEqual("message");
  });

  it("an empty event field also means message", () => {
    expect(events("event:\ndata: a\n\n")).toStrictEqual([message("a")]);
  });

  it("data and event type are reset after dispatch, the id is not", () => {
    expect(events("event: x\nid: 1\ndata: a\n\ndata: b\n\n")).toStrictEqual([
      message("a", "1", "x"),
      message("b", "1"),
    ]);
  });

  it("several blank lines dispatch once", () => {
    expect(events("data: a\n\n\n\n")).toStrictEqual([message("a")]);
  });

  it("the initial last event id option is used until the stream sets one", () => {
    const seen: ParsedEvent[] = [];
    const parser = createParser({ onEvent: (event) => seen.push(event), lastEventId: "41" });
    parser.feed("data: a\n\nid: 42\ndata: b\n\n");
    expect(seen).toStrictEqual([message("a", "41"), message("b", "42")]);
  });
});
