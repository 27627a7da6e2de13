import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8Length } from "../src/core/utf8-length.ts";

const utf8 = new TextEncoder();

describe("utf8Length", () => {
  it("is the encoder's length of any text, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (text) => {
        expect(utf8Length(text)).toBe(utf8.encode(text).length);
      }),
      { numRuns: 3000, seed: 5 },
    );
  });

  it("is exact up to a limit, and stops counting once past it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), fc.nat(200), (text, limit) => {
        const length = utf8.encode(text).length;
        const counted = utf8Length(text, limit);
        if (length <= limit) expect(counted).toBe(length);
        else expect(counted).toBeGreaterThan(limit);
      }),
      { numRuns: 3000, seed: 6 },
    );
    // 2,000 two-byte characters (4,000 bytes) against 2,048: counting ends at the 49th, the first past the limit.
    expect(utf8Length("é".repeat(2000), 2048)).toBe(2049);
    // Longer in code units than the limit: known at once (the exact length is 2,000,000).
    expect(utf8Length("é".repeat(1_000_000), 2048)).toBe(1_000_000);
  });
});
