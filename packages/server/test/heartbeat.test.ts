import { describe, expect, it, vi } from "vitest";
import { Heartbeat } from "../src/core/heartbeat.ts";

describe("heartbeat timer", () => {
  it("an interval beyond the timers' 2^31 − 1 ms range does not make the timer fire at once", () => {
    const member = { lastTick: 0 };
    let beats = 0;
    // Timers run an out-of-range delay after 1 ms instead: the period asked for must stay in range. Read from
    // the call itself rather than by waiting a while to see whether a tick came.
    const setInterval = vi.spyOn(globalThis, "setInterval");
    const heartbeat = new Heartbeat(10_000 * 3_600_000, new Set([member]), () => beats++);
    try {
      heartbeat.update();
      expect(setInterval.mock.calls.map(([, ms]) => ms)).toStrictEqual([2_147_483_647]);
      expect(heartbeat.tick).toBe(0);
      expect(beats).toBe(0);
    } finally {
      heartbeat.stop();
      setInterval.mockRestore();
    }
  });
});
