import { describe, expect, it } from "vitest";
import { GroupCommit } from "../src/sqlite/group-commit.ts";
import { TRIM_BATCH, Trimmer } from "../src/sqlite/trimmer.ts";
import { waitFor } from "./helpers/runtime.ts";

describe("group commit", () => {
  it("commits what arrives in one turn together and answers each only after that commit", async () => {
    const commits: number[][] = [];
    const group = new GroupCommit<number, string>((items) => {
      commits.push(items);
      return items.map((item) => `stored ${item}`);
    });
    const answered: string[] = [];
    const first = [1, 2, 3].map((item) => group.submit(item).then((result) => answered.push(result)));
    expect(commits).toEqual([]);
    await Promise.all(first);
    expect(answered).toEqual(["stored 1", "stored 2", "stored 3"]);
    await group.submit(4);
    expect(commits).toEqual([[1, 2, 3], [4]]);
  });

  it("rejects every publish of a failed commit", async () => {
    const group = new GroupCommit<number, number>(() => {
      throw new Error("disk full");
    });
    const results = await Promise.allSettled([group.submit(1), group.submit(2)]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
  });

  it("commits what is waiting at once on flush", () => {
    const commits: number[][] = [];
    const group = new GroupCommit<number, number>((items) => {
      commits.push(items);
      return items;
    });
    void group.submit(7);
    group.flush();
    expect(commits).toEqual([[7]]);
  });
});

describe("trimmer", () => {
  it("deletes a large backlog in batches, yielding to other work between them", async () => {
    let pending = 2 * TRIM_BATCH + 10;
    const order: string[] = [];
    const trimmer = new Trimmer(
      () => {
        const deleted = Math.min(TRIM_BATCH, pending);
        pending -= deleted;
        order.push(`batch ${deleted}`);
        return deleted;
      },
      () => pending,
    );
    trimmer.poke();
    // Work queued after the first batch was scheduled runs before the second batch.
    setImmediate(() => order.push("other work"));
    await waitFor(() => pending < TRIM_BATCH, "two full batches to be trimmed");
    trimmer.stop();
    expect(order.slice(0, 3)).toEqual([`batch ${TRIM_BATCH}`, "other work", `batch ${TRIM_BATCH}`]);
    // Fewer than a batch left: those wait for the delayed run, which stop() cancelled.
    expect(pending).toBe(10);
  });
});
