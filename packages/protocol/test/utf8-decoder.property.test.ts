// The chunked decoder (whole-buffer decoding while ASCII, streaming after non-ASCII) must give exactly
// what one WHATWG decode of all the bytes gives, for any bytes and any split.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createUtf8Decoder } from "../src/utf8-decoder.ts";
import { concat, splitAtPoints } from "./helpers/collect.ts";

const SEED = Number(globalThis.process?.env?.FC_SEED ?? 20261124);

const reference = (bytes: Uint8Array): string => new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);

// Valid text (ASCII and multi-byte), invalid and truncated sequences, and lone bytes, mixed.
const piece: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 8 }).map((text) => new TextEncoder().encode(text)),
  fc.string({ unit: "binary-ascii", maxLength: 8 }).map((text) => new TextEncoder().encode(text)),
  fc.constantFrom(
    Uint8Array.of(0xe2, 0x82),
    Uint8Array.of(0xc0, 0xaf),
    Uint8Array.of(0xed, 0xa0, 0x80),
    Uint8Array.of(0xf0, 0x9f, 0x98),
    Uint8Array.of(0xef, 0xbb, 0xbf),
    Uint8Array.of(0x80),
    Uint8Array.of(0xff),
  ),
  fc.uint8Array({ maxLength: 6 }),
);

function decodeInChunks(bytes: Uint8Array, cuts: number[]): string {
  const decoder = createUtf8Decoder();
  let text = "";
  for (const chunk of splitAtPoints(bytes, cuts)) text += decoder.decode(chunk);
  return text + decoder.end();
}

describe("createUtf8Decoder", () => {
  it("equals one WHATWG decode of the whole stream, for any bytes and any split", () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (parts, cuts) => {
          const bytes = concat(parts);
          expect(decodeInChunks(bytes, cuts)).toBe(reference(bytes));
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("one byte at a time", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const bytes = concat(parts);
        expect(decodeInChunks(bytes, [...bytes.keys()])).toBe(reference(bytes));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("switches to streaming after non-ASCII text and back after an ASCII chunk", () => {
    const decoder = createUtf8Decoder();
    const euro = new TextEncoder().encode("€");
    expect(decoder.decode(new TextEncoder().encode("a"))).toBe("a");
    expect(decoder.decode(Uint8Array.of(0x63, 0xc3, 0xa9, euro[0]!))).toBe("cé");
    expect(decoder.decode(euro.subarray(1))).toBe("€");
    expect(decoder.decode(new TextEncoder().encode("plain\n"))).toBe("plain\n");
    expect(decoder.decode(Uint8Array.of(0xe2, 0x82))).toBe("");
    expect(decoder.end()).toBe("\uFFFD");
    expect(decoder.end()).toBe("");
  });
});
