import { describe, expect, it } from "vitest";
import { createParser, type ParsedEvent } from "../src/index.ts";
import { message, utf8 } from "./helpers/collect.ts";

function recordingParser(): { parser: ReturnType<typeof createParser>; seen: ParsedEvent[] } {
  const seen: ParsedEvent[] = [];
  return { parser: createParser({ onEvent: (event) => seen.push(event) }), seen };
}

describe("reset()", () => {
  it("drops a partial line and a partial event", () => {
    const { parser, seen } = recordingParser();
    parser.feed("data: lost\ndata: also lo");
    parser.reset();
    parser.feed("st\n\ndata: b\n\n");
    // "st" is an unknown field of the new stream; only b is an event.
    expect(seen).toStrictEqual([message("b")]);
  });

  it("keeps the last event id, as a browser does across reconnects", () => {
    const { parser, seen } = recordingParser();
    parser.feed("id: 1\ndata: a\n\n");
    parser.reset();
    parser.feed("data: b\n\n");
    expect(seen).toStrictEqual([message("a", "1"), message("b", "1")]);
  });

  it("an id in the unfinished block before reset does not survive it", () => {
    const { parser, seen } = recordingParser();
    parser.feed("id: 1\ndata: a\n\nid: 2\ndata: b");
    parser.reset();
    parser.feed("data: c\n\n");
    expect(seen).toStrictEqual([message("a", "1"), message("c", "1")]);
  });

  it("drops the UTF-8 remainder", () => {
    const { parser, seen } = recordingParser();
    parser.feed(Uint8Array.of(0xe2, 0x82));
    parser.reset();
    parser.feed(utf8("data: a\n\n"));
    expect(seen).toStrictEqual([message("a")]);
  });

  it("restores the BOM state: the new stream may start with a BOM", () => {
    const { parser, seen } = recordingParser();
    parser.feed("\uFEFFdata: a\n\n");
    parser.reset();
    parser.feed("\uFEFFdata: b\n\n");
    expect(seen).toStrictEqual([message("a"), message("b")]);
  });

  it("forgets a CR that ended the previous stream", () => {
    const { parser, seen } = recordingParser();
    parser.feed("data: a\r");
    parser.reset();
    parser.feed("\ndata: b\n\n");
    expect(seen).toStrictEqual([message("b")]);
  });

  it("called from onEvent, stops reading the rest of the old chunk", () => {
    const seen: ParsedEvent[] = [];
    const parser = createParser({
      onEvent(event) {
        seen.push(event);
        if (event.data === "a") parser.reset();
      },
    });
    parser.feed("data: a\n\ndata: b\n\n");
    parser.feed("data: c\n\n");
    expect(seen).toStrictEqual([message("a"), message("c")]);
  });
});
