import { describe, expect, it } from "vitest";
import { resolveBounds } from "../src/core/broker-bounds.ts";
import { createMemoryBroker } from "../src/core/memory-broker.ts";
import { formatPosition, newEpoch, parsePosition } from "../src/core/position.ts";
import { describeBrokerContract } from "./helpers/broker-contract.ts";

describeBrokerContract("memory", async (bounds) => createMemoryBroker(bounds));

describe("memory broker", () => {
  it("starts a new epoch in each instance: a position from another process resumes into a gap", async () => {
    const first = createMemoryBroker();
    const second = createMemoryBroker();
    await first.publish({ topics: ["a"], data: "", id: "u1", private: false, retain: false });
    await second.publish({ topics: ["a"], data: "", id: "u1", private: false, retain: false });
    const mark = (await first.readSince("earliest")).position;
    expect((await first.readSince(mark)).found).toBe(true);
    expect((await second.readSince(mark)).found).toBe(false);
  });

  it("refuses a bound that is not a non-negative integer", () => {
    for (const name of [
      "historySize",
      "historyMaxAge",
      "historyMaxBytes",
      "maxRetained",
      "presenceHistorySize",
    ]) {
      for (const value of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => createMemoryBroker({ [name]: value }), `${name}=${value}`).toThrow(RangeError);
      }
    }
    expect(resolveBounds({})).toMatchObject({
      historySize: 1000,
      historyMaxAge: 3_600_000,
      historyMaxBytes: 64 * 1024 * 1024,
      maxRetained: 10_000,
      presenceHistorySize: 1000,
    });
  });
});

describe("positions", () => {
  it("format and parse round-trip; anything else is not a position", () => {
    const epoch = newEpoch();
    expect(epoch).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(newEpoch()).not.toBe(epoch);
    expect(formatPosition("abc", 42)).toBe("#abc.42");
    expect(parsePosition(formatPosition(epoch, 0))).toEqual({ epoch, seq: 0 });
    expect(parsePosition(formatPosition(epoch, Number.MAX_SAFE_INTEGER))).toEqual({
      epoch,
      seq: Number.MAX_SAFE_INTEGER,
    });
    for (const text of [
      "abc.1",
      "#abc",
      "#abc.",
      "#.1",
      "#a-b.1",
      `#${"a".repeat(33)}.1`,
      "#a.1e3",
      "#a. 1",
      "#a.9007199254740993",
      "earliest",
    ]) {
      expect(parsePosition(text), text).toBeUndefined();
    }
  });
});
