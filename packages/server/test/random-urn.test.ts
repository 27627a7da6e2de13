import { describe, expect, it } from "vitest";
import { randomUrn } from "../src/core/random-urn.ts";

const URN_V4 = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("randomUrn", () => {
  it("makes version-4 UUID URNs, distinct across several batches of random bytes, with every free digit varying", () => {
    const urns = Array.from({ length: 1000 }, () => randomUrn());
    for (const urn of urns) expect(urn).toMatch(URN_V4);
    expect(new Set(urns).size).toBe(urns.length);
    // Each of the 30 free hex digits (not the version's, at 23, nor the variant's, at 28) takes all 16 values over
    // 1,000 URNs (one value missing by chance: probability ~1e-27): no digit is stuck.
    const positions = [...urns[0]!].flatMap((char, at) =>
      at >= 9 && char !== "-" && at !== 23 && at !== 28 ? [at] : [],
    );
    expect(positions).toHaveLength(30);
    for (const at of positions) expect(new Set(urns.map((urn) => urn[at])).size, `digit at ${at}`).toBe(16);
    // The variant digit: 8, 9, a or b, each seen.
    expect(new Set(urns.map((urn) => urn[28]))).toEqual(new Set(["8", "9", "a", "b"]));
  });
});
