import type { Update } from "@ssehub/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { entryBytes } from "../src/core/entry-bytes.ts";

const utf8 = new TextEncoder();

function update(data: string, topic = "t"): Update {
  return { topics: [topic], data, id: "i", private: false, retain: false };
}

describe("an entry's cost against historyMaxBytes is the UTF-8 length of its texts", () => {
  it("counts ASCII, 2-, 3- and 4-byte characters, and a lone surrogate as the U+FFFD it is sent as", () => {
    expect(entryBytes(update("abc"))).toBe(5);
    expect(entryBytes(update("é"))).toBe(4);
    expect(entryBytes(update("€"))).toBe(5);
    expect(entryBytes(update("😀"))).toBe(6);
    expect(entryBytes(update("\ud800x"))).toBe(6);
    expect(entryBytes({ ...update("d", "tø"), type: "ü" })).toBe(1 + 1 + 3 + 2);
  });

  it("agrees with an encoder on any text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 60 }),
        fc.string({ maxLength: 20 }),
        (data, topic) => {
          const expected = utf8.encode(data).length + utf8.encode(topic || "t").length + 1;
          expect(entryBytes(update(data, topic || "t"))).toBe(expected);
        },
      ),
      { numRuns: 3000, seed: 3 },
    );
  });
});
