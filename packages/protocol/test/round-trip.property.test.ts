// encode → decode returns the original, for any well-formed Unicode and any split of the bytes into chunks.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeEventBytes, type ParsedEvent, type SseEvent } from "../src/index.ts";
import { byteByByte, concat, parseChunks, splitAtPoints } from "./helpers/collect.ts";

// Fixed so a failure reproduces; fast-check prints it with the counterexample. Override with FC_SEED.
const SEED = Number(globalThis.process?.env?.FC_SEED ?? 20261124);
const RUNS = 200;

const text = (exclude: RegExp): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("\r", "\n", "\r\n", "\0", "\uFEFF", ":", " ")),
      {
        maxLength: 6,
      },
    )
    .map((parts) => parts.join("").replace(exclude, ""));

const event: fc.Arbitrary<SseEvent> = fc.record(
  {
    type: text(/[\r\n]/g),
    id: text(/[\r\n\0]/g),
    data: text(/(?!)/g),
    retry: fc.nat(),
  },
  { requiredKeys: ["data"] },
);

function expected(events: SseEvent[]): ParsedEvent[] {
  let lastEventId = "";
  return events.map((e) => {
    if (e.id !== undefined) lastEventId = e.id;
    const data = (e.data ?? "").replace(/\r\n|\r/g, "\n");
    return { type: e.type === undefined || e.type === "" ? "message" : e.type, data, lastEventId };
  });
}

describe("encode → decode round trip (fast-check)", () => {
  it("for any split of the bytes into chunks", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 8 }), (events, cuts) => {
        const bytes = concat(events.map(encodeEventBytes));
        const result = parseChunks(splitAtPoints(bytes, cuts));
        expect(result.events).toStrictEqual(expected(events));
        expect(result.retries).toStrictEqual(events.flatMap((e) => (e.retry === undefined ? [] : [e.retry])));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("one byte at a time", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 3 }), (events) => {
        const bytes = concat(events.map(encodeEventBytes));
        expect(parseChunks(byteByByte(bytes)).events).toStrictEqual(expected(events));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
