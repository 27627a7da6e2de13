import { describe, expect, it } from "vitest";
import { resolveBounds } from "../src/core/broker-bounds.ts";
import { createMemoryBroker, immediatePublish } from "../src/core/memory-broker.ts";
import { formatPosition, newEpoch, parsePosition } from "../src/core/position.ts";
import { createHub } from "../src/create-hub.ts";
import { routeContextOf } from "../src/http/context.ts";
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

  it("answers a publish at once through immediatePublish, with what publish resolves to; a wrapper has none", async () => {
    const broker = createMemoryBroker();
    const publishNow = immediatePublish(broker);
    expect(publishNow).toBeTypeOf("function");
    const update = { topics: ["a"], data: "1", id: "u1", private: false, retain: false };
    const first = publishNow!(update);
    expect(first).toMatchObject({ duplicate: false, entry: { seq: 1, update } });
    // The same update again is the held one, whichever way it comes.
    expect(publishNow!({ ...update })).toEqual({ entry: first.entry, duplicate: true });
    expect(await broker.publish({ ...update })).toEqual({ entry: first.entry, duplicate: true });
    expect((await broker.publish({ ...update, id: "u2" })).entry.seq).toBe(2);
    expect(publishNow!({ ...update, id: "u3" }, { newId: true }).entry.seq).toBe(3);
    expect((await broker.readSince("earliest")).entries.map((entry) => entry.update.id)).toEqual([
      "u1",
      "u2",
      "u3",
    ]);
    // A copy with its own publish (a wrapper) is published to through that publish, never around it.
    expect(immediatePublish({ ...broker })).toBeUndefined();
  });

  it("gives the hub a publish's id at once with the memory broker, as a promise through any other", async () => {
    const counted: number[] = [];
    const direct = createHub({ allowAnonymous: true, onPublish: () => counted.push(1) });
    const core = routeContextOf(direct)!.core;
    const id = core.publishUpdate(core.checkUpdate({ topics: "/t", data: "x" }), true);
    expect(id).toBeTypeOf("string");
    expect(counted).toHaveLength(1);
    const inner = createMemoryBroker();
    const calls: string[] = [];
    const wrapped = createHub({
      allowAnonymous: true,
      broker: {
        ...inner,
        publish: (update, options) => {
          calls.push(update.id);
          return inner.publish(update, options);
        },
      },
    });
    const wrappedCore = routeContextOf(wrapped)!.core;
    const pending = wrappedCore.publishUpdate(wrappedCore.checkUpdate({ topics: "/t", data: "y" }), true);
    expect(pending).toBeInstanceOf(Promise);
    expect(calls).toEqual([await pending]);
    await Promise.all([direct.close(), wrapped.close()]);
    // Closed: refused at once, and as a rejection through the hub's own publish.
    expect(() => core.publishUpdate(core.checkUpdate({ topics: "/t", data: "z" }), true)).toThrow(
      "the hub is shutting down",
    );
    await expect(direct.publish({ topics: "/t", data: "z" })).rejects.toMatchObject({ status: 503 });
  });
});
