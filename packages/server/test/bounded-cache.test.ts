// The least-recently-used cache behind verified tokens, rate buckets, topic matches and retained states.
import { afterEach, describe, expect, it, vi } from "vitest";
import { BoundedCache } from "../src/core/bounded-cache.ts";

function cache(maxEntries: number, maxWeight = Number.POSITIVE_INFINITY) {
  return new BoundedCache<string, number>({ maxEntries, maxWeight, weigh: (_key, value) => value });
}

describe("BoundedCache", () => {
  afterEach(() => vi.restoreAllMocks());

  it("drops the least recently used entry first, a read counting as a use", () => {
    const held = cache(3);
    for (const key of ["a", "b", "c"]) held.set(key, 1);
    expect(held.get("a")).toBe(1);
    held.set("d", 1);
    expect([...held.values()].length).toBe(3);
    expect(held.get("b")).toBeUndefined();
    expect(held.oldestKey()).toBe("c");
    held.set("c", 2);
    expect(held.oldestKey()).toBe("a");
  });

  it("keeps the entry bound and the order of use through churn of many more keys than it holds", () => {
    const held = cache(100);
    // The reference: every key in order of use, the most recent last.
    let uses: string[] = [];
    const use = (key: string) => {
      uses = uses.filter((used) => used !== key);
      uses.push(key);
    };
    for (let i = 0; i < 2_000; i++) {
      held.set(`key ${i}`, 1);
      use(`key ${i}`);
      // Reads of keys both held and long gone.
      const read = `key ${i - ((i * 7) % 130)}`;
      if (held.get(read) !== undefined) use(read);
    }
    expect(held.size).toBe(100);
    expect(held.weight).toBe(100);
    const order: string[] = [];
    for (let key = held.oldestKey(); key !== undefined; key = held.oldestKey()) {
      order.push(key);
      held.delete(key);
    }
    expect(order).toEqual(uses.slice(-100));
    expect(held.size).toBe(0);
  });

  it("bounds the total weight, and never holds an entry heavier than the whole bound", () => {
    const held = cache(100, 10);
    for (const [key, weight] of [
      ["a", 4],
      ["b", 4],
      ["c", 4],
    ] as const)
      held.set(key, weight);
    expect(held.weight).toBe(8);
    expect(held.get("a")).toBeUndefined();
    expect(held.fits("d", 2)).toBe(true);
    expect(held.fits("d", 3)).toBe(false);
    expect(held.set("huge", 11)).toBe(false);
    expect(held.get("huge")).toBeUndefined();
    expect(held.weight).toBe(8);
  });

  it("values() follows the order of use; delete says whether it held the key; clear empties", () => {
    const held = cache(10);
    for (const [key, value] of [
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ] as const)
      held.set(key, value);
    held.set("a", 4);
    expect([...held.values()]).toEqual([2, 3, 4]);
    expect(held.delete("b")).toBe(true);
    expect(held.delete("b")).toBe(false);
    expect([...held.values()]).toEqual([3, 4]);
    held.clear();
    expect([...held.values()]).toEqual([]);
    expect([held.size, held.weight]).toEqual([0, 0]);
    held.set("e", 5);
    expect([...held.values()]).toEqual([5]);
  });

  it("holds nothing when its entry bound is zero", () => {
    const held = cache(0);
    expect(held.set("a", 1)).toBe(false);
    expect(held.size).toBe(0);
  });

  it("answers the entry used last without a lookup, for a key string made anew (counted lookups)", () => {
    const held = cache(3);
    for (const key of ["token-a", "token-b"]) held.set(key, 1);
    // Strings built at run time, as a request's token is: equal to the held keys, not the same objects.
    const fresh = (name: string) => ["token", name].join("-");
    const lookups = vi.spyOn(Map.prototype, "get");
    expect([held.get(fresh("b")), held.get(fresh("b")), held.get(fresh("b"))]).toEqual([1, 1, 1]);
    expect(lookups).toHaveBeenCalledTimes(0);
    expect(held.get(fresh("a"))).toBe(1);
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(held.get(fresh("a"))).toBe(1);
    expect(held.get(fresh("c"))).toBeUndefined();
    expect(lookups).toHaveBeenCalledTimes(2);
    // The order of use is kept: "a" was used last, so "b" is the one dropped next.
    lookups.mockRestore();
    expect(held.oldestKey()).toBe("token-b");
    held.set("token-c", 1);
    held.set("token-d", 1);
    expect(held.get("token-b")).toBeUndefined();
    expect(held.get("token-a")).toBe(1);
  });
});
