import { describe, expect, it } from "vitest";
import { checkTopicLimits } from "../src/core/topic-limits.ts";

const limits = (maxTopicLength: number) => ({ maxTopicsPerUpdate: 32, maxTopicLength });
const refusal = (topic: string, max: number) => {
  try {
    checkTopicLimits([topic], limits(max));
    return undefined;
  } catch (error) {
    return (error as { code?: string; status?: number }).code;
  }
};

describe("the topic length limit counts UTF-8 bytes", () => {
  it("takes a topic of exactly the limit and refuses one byte more", () => {
    expect(refusal("é".repeat(1024), 2048)).toBeUndefined();
    expect(refusal(`${"é".repeat(1024)}a`, 2048)).toBe("topic-too-long");
    expect(refusal("a".repeat(2048), 2048)).toBeUndefined();
    expect(refusal("a".repeat(2049), 2048)).toBe("topic-too-long");
  });

  it("counts a lone surrogate as the 3 bytes of the U+FFFD it is sent as, a pair as 4", () => {
    expect(refusal("\ud800", 3)).toBeUndefined();
    expect(refusal("\ud800", 2)).toBe("topic-too-long");
    expect(refusal("😀", 4)).toBeUndefined();
    expect(refusal("😀", 3)).toBe("topic-too-long");
  });

  it("refuses a topic within the limit in code units but past it in bytes, and one far past it", () => {
    expect(refusal("é".repeat(2000), 2048)).toBe("topic-too-long");
    expect(refusal("é".repeat(1_000_000), 2048)).toBe("topic-too-long");
  });
});
