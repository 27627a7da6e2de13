// utf8Length decides the maxBufferSize limit: it must count what a UTF-8 encoder writes, lone surrogates
// (written as U+FFFD) included.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8Length } from "../src/utf8-length.ts";

const SEED = Number(globalThis.process?.env?.FC_SEED ?? 20261124);
const encoded = (text: string): number => new TextEncoder().encode(text).length;

describe("utf8Length", () => {
  it("equals the length TextEncoder gives, for any string and any slice", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.max(start, Math.max(a, b) % (text.length + 1));
        expect(utf8Length(text, start, end)).toBe(encoded(text.slice(start, end)));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("equals the length TextEncoder gives for any whole string (where ASCII is found by one scan)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (text) => {
        expect(utf8Length(text)).toBe(encoded(text));
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it("one byte for ASCII, two, three, four, and three for a lone surrogate", () => {
    expect(
      ["a", "é", "€", "😀", "\uD800", "\uDC00", "\uD800a"].map((text) => utf8Length(text)),
    ).toStrictEqual([1, 2, 3, 4, 3, 3, 4]);
  });
});
