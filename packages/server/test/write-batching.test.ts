import { describe, expect, it } from "vitest";
import { LONE_RUN, WriteBatching } from "../src/runtime/write-batching.ts";

describe("write batching (when the Node fast path writes subscriber updates)", () => {
  it("defers until the last requests all came on one connection", () => {
    const batching = new WriteBatching();
    const connection = {};
    expect(batching.flushMoment(), "before any request").toBe("after-io");
    for (let i = 1; i < LONE_RUN; i++) {
      batching.requestOn(connection);
      expect(batching.flushMoment(), `after ${i} requests`).toBe("after-io");
    }
    batching.requestOn(connection);
    expect(batching.flushMoment()).toBe("end-of-callback");
    for (let i = 0; i < 1000; i++) batching.requestOn(connection);
    expect(batching.flushMoment()).toBe("end-of-callback");
  });

  it("defers again at the first request on another connection, and counts the run anew", () => {
    const batching = new WriteBatching();
    const lone = {};
    for (let i = 0; i < LONE_RUN; i++) batching.requestOn(lone);
    batching.requestOn({});
    expect(batching.flushMoment()).toBe("after-io");
    batching.requestOn(lone);
    expect(batching.flushMoment(), "one request back on the first connection").toBe("after-io");
    for (let i = 1; i < LONE_RUN; i++) batching.requestOn(lone);
    expect(batching.flushMoment()).toBe("end-of-callback");
  });

  it("stays deferred while several connections take turns, however long", () => {
    const batching = new WriteBatching();
    const connections = Array.from({ length: 8 }, () => ({}));
    let atOnce = 0;
    for (let i = 0; i < 10_000; i++) {
      // Mostly one connection, another in between now and then: never LONE_RUN in a row.
      batching.requestOn(connections[i % LONE_RUN === 0 ? 1 + ((i / LONE_RUN) % 7) : 0]!);
      if (batching.flushMoment() === "end-of-callback") atOnce++;
    }
    expect(atOnce).toBe(0);
  });
});
