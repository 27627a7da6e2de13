import { describe, expect, it } from "vitest";
import type { BrokerEntry } from "../src/core/broker.ts";
import { IdIndex } from "../src/core/id-index.ts";

let nextSeq = 0;
function entry(id: string): BrokerEntry {
  return { seq: ++nextSeq, time: 0, update: { topics: ["t"], data: "", id, private: false, retain: false } };
}

/** An index over `held` (kept in seq order as a broker's history would be), counting how often it is built. */
function indexOver(held: BrokerEntry[], idleAfter: number) {
  const counts = { builds: 0 };
  const index = new IdIndex(() => {
    counts.builds++;
    return held;
  }, idleAfter);
  const add = (e: BrokerEntry) => {
    held.push(e);
    index.added(e);
    return e;
  };
  return { index, counts, add };
}

describe("IdIndex", () => {
  it("makes no map while nothing asks, however many entries are added", () => {
    const held: BrokerEntry[] = [];
    const { index, counts, add } = indexOver(held, 10);
    for (let i = 0; i < 10_000; i++) {
      add(entry(`u${i}`));
      // Like a bounded history: the oldest leaves.
      if (held.length > 10) index.forget(held.shift()!);
    }
    expect(index.open).toBe(false);
    expect(counts.builds).toBe(0);
  });

  it("is made from the held entries on the first question, once, and then kept up to date", () => {
    const held = [entry("a"), entry("b")];
    const { index, counts, add } = indexOver(held, 10);
    expect(index.find("b")).toBe(held[1]);
    expect(index.find("a")).toBe(held[0]);
    expect(index.find("missing")).toBeUndefined();
    expect(counts.builds).toBe(1);
    const c = add(entry("c"));
    expect(index.find("c")).toBe(c);
    index.forget(held[0]!);
    expect(index.find("a")).toBeUndefined();
    expect(counts.builds).toBe(1);
  });

  it("holds a reused id's entries in seq order, when built and when added, and lets each go", () => {
    const first = entry("r");
    const second = entry("r");
    const held = [first, entry("x"), second];
    const { index, add } = indexOver(held, 10);
    expect(index.find("r")).toEqual([first, second]);
    const third = add(entry("r"));
    expect(index.find("r")).toEqual([first, second, third]);
    index.forget(first);
    index.forget(second);
    expect(index.find("r")).toBe(third);
  });

  it("is dropped after idleAfter quiet additions and made again, from what is held then", () => {
    const held: BrokerEntry[] = [];
    const { index, counts, add } = indexOver(held, 3);
    add(entry("a"));
    index.find("a");
    add(entry("b"));
    add(entry("c"));
    add(entry("d"));
    expect(index.open).toBe(true); // three quiet additions: still kept
    add(entry("e"));
    expect(index.open).toBe(false);
    expect(index.find("e")).toBe(held[4]);
    expect(counts.builds).toBe(2);
  });

  it("counts quiet additions from the last question", () => {
    const held: BrokerEntry[] = [];
    const { index, add } = indexOver(held, 3);
    index.find("none");
    for (let i = 0; i < 10; i++) {
      add(entry(`u${i}`));
      if (i % 2 === 1) index.find("none");
    }
    expect(index.open).toBe(true);
    expect(index.find("u9")).toBe(held[9]);
  });
});
