import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Update } from "@ssehub/protocol";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Broker, BrokerBounds, BrokerEntry } from "../src/core/broker.ts";
import { createSqliteBroker, isStoreError } from "../src/sqlite/index.ts";
import { describeBrokerContract } from "./helpers/broker-contract.ts";
import { hasNodeSqlite, tempFolder, writeForeignDatabase } from "./helpers/sqlite.ts";

const NO_SQLITE = "needs node:sqlite (Node 22.13+, Deno 2.2+, Bun)";

describe.skipIf(!hasNodeSqlite)(`SQLite broker contract (${NO_SQLITE})`, () => {
  const folder = hasNodeSqlite ? tempFolder() : undefined;
  let opened = 0;
  let last = "";
  afterAll(() => folder?.remove());
  describeBrokerContract(
    "sqlite",
    (bounds) => {
      last = join(folder!.path, `store-${++opened}.db`);
      return createSqliteBroker({ path: last, ...bounds });
    },
    { reopen: (bounds) => createSqliteBroker({ path: last, ...bounds }) },
  );
});

function update(id: string, fields: Partial<Update> = {}): Update {
  return { id, topics: [`/t/${id}`], data: `data of ${id}`, private: false, retain: false, ...fields };
}

const ids = (entries: readonly BrokerEntry[]) => entries.map((entry) => entry.update.id);

describe("SQLite broker", () => {
  let folder: ReturnType<typeof tempFolder>;
  let path: string;
  const open: Broker[] = [];
  const openBroker = async (bounds: BrokerBounds = {}) => {
    const broker = await createSqliteBroker({ path, ...bounds });
    open.push(broker);
    return broker;
  };
  /** Closes `broker` and opens the same file again with `bounds`. */
  const reopen = async (broker: Broker, bounds: BrokerBounds = {}) => {
    await broker.close();
    return openBroker(bounds);
  };

  beforeEach(() => {
    folder = tempFolder();
    path = join(folder.path, "hub.db");
  });
  afterEach(async () => {
    for (const broker of open.splice(0)) await broker.close();
    folder.remove();
  });

  it.skipIf(!hasNodeSqlite)(`commits publishes made together in one transaction (${NO_SQLITE})`, async () => {
    const broker = await openBroker();
    const heard: number[] = [];
    broker.listen((entry) => heard.push(entry.seq));
    const publishing = ["a", "b", "c", "d", "e", "f", "g", "h"].map((id) => broker.publish(update(id)));
    // Nothing is committed while publishes may still join; entries are announced once their transaction
    // commits, before any publish resolves: when the first resolves, all eight were committed with it.
    expect(heard).toEqual([]);
    const first = await Promise.race(publishing);
    expect(first.entry.seq).toBe(1);
    expect(heard).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await Promise.all(publishing);
  });

  it.skipIf(!hasNodeSqlite)(
    `never hands out a seq twice, even once every row is gone (${NO_SQLITE})`,
    async () => {
      const first = await openBroker({ historySize: 0 });
      await first.publish(update("a"));
      await first.publish(update("b"));
      const second = await reopen(first, { historySize: 10 });
      expect((await second.readSince("earliest")).entries).toEqual([]);
      expect((await second.readSince("a")).found).toBe(false);
      expect((await second.publish(update("c"))).entry.seq).toBe(3);
    },
  );

  it.skipIf(!hasNodeSqlite)(
    `applies bounds lowered between runs at once, for good (${NO_SQLITE})`,
    async () => {
      const first = await openBroker();
      for (const id of ["a", "b", "c", "d"]) await first.publish(update(id, { data: "x".repeat(100) }));
      const bySize = await reopen(first, { historyMaxBytes: 250 });
      expect(ids((await bySize.readSince("earliest")).entries)).toEqual(["c", "d"]);
      const byCount = await reopen(bySize, { historySize: 1 });
      expect(byCount.state().historySize).toBe(1);
      // Raising the bounds again does not bring back what they evicted.
      const raised = await reopen(byCount);
      expect(ids((await raised.readSince("earliest")).entries)).toEqual(["d"]);
      expect((await raised.readSince("c")).found).toBe(false);
    },
  );

  it.skipIf(!hasNodeSqlite)(`refuses a file another broker holds (${NO_SQLITE})`, async () => {
    await openBroker();
    await expect(createSqliteBroker({ path })).rejects.toMatchObject({ code: "store-locked" });
  });

  it.skipIf(!hasNodeSqlite)(`leaves a foreign or corrupt file untouched (${NO_SQLITE})`, async () => {
    await writeForeignDatabase(path);
    const garbage = join(folder.path, "garbage.db");
    writeFileSync(
      garbage,
      "SQLite format 3\0but not really, just text pretending to be a database".repeat(100),
    );
    for (const [file, code] of [
      [path, "store-foreign"],
      [garbage, "store-corrupt"],
    ] as const) {
      const bytes = readFileSync(file);
      const error = await createSqliteBroker({ path: file }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(isStoreError(error) && error.code, file).toBe(code);
      expect(readFileSync(file).equals(bytes), `${file} unchanged`).toBe(true);
    }
  });

  it("refuses a bound that is not a non-negative integer before touching the file", async () => {
    await expect(createSqliteBroker({ path, historySize: -1 })).rejects.toThrow(RangeError);
    expect(existsSync(path)).toBe(false);
  });

  it.skipIf(hasNodeSqlite)(
    "refuses with the runtimes that have node:sqlite (this runtime has none)",
    async () => {
      const error = await createSqliteBroker({ path }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(isStoreError(error) && error.code).toBe("store-unsupported");
      expect(String((error as Error).message)).toMatch(/Node 22\.13.*Deno 2\.2.*Bun/);
    },
  );
});
