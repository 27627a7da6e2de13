// createTextParser is createParser without the UTF-8 decoder: fed by the platform's streaming TextDecoder
// (ignoreBOM: true), it must report exactly what createParser reports for the same bytes.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTextParser, type ParsedEvent } from "../src/index.ts";
import { concat, message, parseChunks, parseTexts, splitAtPoints, utf8 } from "./helpers/collect.ts";

const SEED = Number(globalThis.process?.env?.FC_SEED ?? 20261124);

/** The text a streaming TextDecoder gives for each chunk, as a client reading a fetch body would feed. */
function decodedTexts(chunks: Uint8Array[]): string[] {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  return chunks.map((chunk) => decoder.decode(chunk, { stream: true }));
}

// SSE lines and line ends, a BOM, and bytes that are not valid UTF-8 (alone or truncated), mixed.
const piece: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .constantFrom("data: é€😀", "data:x", "id: 7", "id", "event: t", "retry: 300", ": hi", "\uFEFF", "data")
    .map(utf8),
  fc.constantFrom("\n", "\r", "\r\n").map(utf8),
  fc.string({ unit: "binary", maxLength: 6 }).map(utf8),
  fc.constantFrom(Uint8Array.of(0xe2, 0x82), Uint8Array.of(0xc0, 0xaf), Uint8Array.of(0xf0, 0x9f, 0x98)),
);

describe("createTextParser", () => {
  it("after a streaming TextDecoder, reports what createParser reports for the bytes, any split", () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 16 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (parts, cuts) => {
          const chunks = splitAtPoints(concat(parts), cuts);
          expect(parseTexts(decodedTexts(chunks))).toStrictEqual(parseChunks(chunks));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("strips one leading BOM, only at the start of the stream", () => {
    expect(parseTexts(["\uFEFFdata: a\n\n"]).events).toStrictEqual([message("a")]);
    expect(parseTexts(["\uFEFF\uFEFFdata: a\n\n"]).events).toStrictEqual([]);
    expect(parseTexts(["", "\uFEFFdata: a\n\n"]).events).toStrictEqual([message("a")]);
    expect(parseTexts(["data: a\n\n", "\uFEFFdata: b\n\n"]).events).toStrictEqual([message("a")]);
  });

  it("reset() starts a new stream (BOM and partial event dropped) and keeps the last event id", () => {
    const events: ParsedEvent[] = [];
    const parser = createTextParser({ onEvent: (event) => events.push(event), lastEventId: "1" });
    parser.feed("id: 2\n\ndata: partial");
    parser.reset();
    parser.feed("\uFEFFdata: b\n\n");
    expect(events).toStrictEqual([message("b", "2")]);
  });
});
