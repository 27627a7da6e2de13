// Run only by scripts/check-failing-run.mjs: each runtime's run of this file must fail, twice, in time.
import { expect, it } from "vitest";

it("a failing assertion fails the run", () => {
  expect(1 + 1).toBe(3);
});

it("a test that never settles is cut by the time limit", async () => {
  await new Promise(() => undefined);
});
