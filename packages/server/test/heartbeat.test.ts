import { describe, expect, it } from "vitest";
import { Heartbeat } from "../src/core/heartbeat.ts";

describe("heartbeat timer", () => {
  it("an interval beyond the timers' 2^31 − 1 ms range does not make the timer fire at once", async () => {
    const member = { lastTick: 0 };
    let beats = 0;
    const heartbeat = new Heartbeat(10_000 * 3_600_000, new Set([member]), () => beats++);
    heartbeat.update();
    try {
      // Timers clamp an out-of-range delay to 1 ms: a few turns of the event loop would already tick.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(heartbeat.tick).toBe(0);
      expect(beats).toBe(0);
    } finally {
      heartbeat.stop();
    }
  });
});
