import { expect, it } from "vitest";
import { createCounter, type PublishCounter } from "../src/server/counter.ts";
import type { TextStore } from "../src/server/text-store.ts";

/** An in-memory store whose writes wait on a timer, so unqueued operations would overlap. */
function slowStore(initial?: string): TextStore & { files: Map<string, string> } {
  const files = new Map<string, string>();
  if (initial !== undefined) files.set("counter.json", initial);
  return {
    files,
    read: async (name) => files.get(name),
    async write(name, text) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      files.set(name, text);
    },
  };
}

function recorder(): { publish: PublishCounter; values: number[] } {
  const values: number[] = [];
  return {
    values,
    publish: async (update) => {
      expect(update.topics).toBe("urn:ssehub:counter");
      expect(update.type).toBe("counter");
      expect(update.retain).toBe(true);
      values.push(JSON.parse(update.data).value);
      return `id-${values.length}`;
    },
  };
}

it("start-up publishes the stored value as retained", async () => {
  const { publish, values } = recorder();
  await createCounter(slowStore('{"value":41}\n'), publish);
  expect(values).toStrictEqual([41]);
});

it("a missing or unreadable file starts at 0", async () => {
  for (const stored of [undefined, "not json", '{"value":"7"}', "null"]) {
    const { publish, values } = recorder();
    await createCounter(slowStore(stored), publish);
    expect(values, `stored: ${stored}`).toStrictEqual([0]);
  }
});

it("concurrent operations apply one at a time, in arrival order, and lose nothing", async () => {
  const store = slowStore();
  const { publish, values } = recorder();
  const counter = await createCounter(store, publish);
  const results = await Promise.all([
    ...Array.from({ length: 10 }, () => counter.apply("increment")),
    counter.apply("decrement"),
    counter.apply("reset"),
    counter.apply("increment"),
  ]);
  expect(results).toStrictEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9, 0, 1]);
  expect(values).toStrictEqual([0, ...results]);
  expect(store.files.get("counter.json")).toBe('{"value":1}\n');
});

it("a failed write rejects that operation only and keeps the previous value", async () => {
  let fail = true;
  const store: TextStore = {
    read: async () => undefined,
    async write() {
      if (fail) {
        fail = false;
        throw new Error("disk full");
      }
    },
  };
  const { publish, values } = recorder();
  const counter = await createCounter(store, publish);
  await expect(counter.apply("increment")).rejects.toThrow(/disk full/);
  expect(await counter.apply("increment")).toBe(1);
  expect(values).toStrictEqual([0, 1]);
});
