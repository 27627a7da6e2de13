// Loaded before the tests of every scripted run (vitest `setupFiles`, `bun test --preload`). Each package
// script names the runtime it means to test on in SSEHUB_TEST_RUNTIME (node20, node24, bun, deno); a run on
// anything else fails before its first test, so a "Node 20" run can never silently be Node 24, nor Bun or
// Deno, which both report a Node version of their own in `process.version`.
const expected = process.env.SSEHUB_TEST_RUNTIME;
const actual =
  "Bun" in globalThis ? "bun" : "Deno" in globalThis ? "deno" : `node${process.versions.node.split(".")[0]}`;
if (expected !== undefined && expected !== actual) {
  throw new Error(
    `this run should test on ${expected} but runs on ${actual} (process.version ${process.version})`,
  );
}
