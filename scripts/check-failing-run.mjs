// Proves that the suite can fail: on every runtime of the matrix, a run of scripts/failing-run (one failing
// assertion, one test that never settles) must exit non-zero, report both tests failed, and end well
// within a bound: no runtime may pass a broken test or hang on one.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cwd = join(root, "scripts", "failing-run");
const bin = (name) => join(root, "node_modules", ".bin", name);
const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
const BOUND_MS = 90_000;

const RUNS = {
  node20: [process.execPath, [vitest, "run"]],
  node24: [process.execPath, [join(root, "scripts", "node24.mjs"), "vitest", "run"]],
  bun: [
    bin("bun"),
    ["test", "--preload", join(root, "scripts", "expect-runtime.ts"), "--timeout", "2000", "test/"],
  ],
  deno: [bin("deno"), ["run", "-A", "npm:vitest@4.1", "run"]],
};

function check(runtime, [command, args]) {
  const started = Date.now();
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, SSEHUB_TEST_RUNTIME: runtime, NO_COLOR: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const killer = setTimeout(() => child.kill("SIGKILL"), BOUND_MS);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(killer);
      const ms = Date.now() - started;
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
      const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
      const failed = Number(
        /Tests\s+(\d+) failed/.exec(plain)?.[1] ?? /^\s*(\d+) fail$/m.exec(plain)?.[1] ?? 0,
      );
      const problems = [];
      if (code === 0) problems.push("exited 0");
      if (failed !== 2) problems.push(`reported ${failed} failed tests, not 2`);
      if (ms >= BOUND_MS) problems.push(`still running after ${BOUND_MS} ms`);
      console.log(
        `failing run on ${runtime}: exit ${code}, ${failed} failed, ${ms} ms${problems.length ? ` — WRONG: ${problems.join("; ")}` : ""}`,
      );
      if (problems.length > 0) console.log(plain.split("\n").slice(-40).join("\n"));
      resolve(problems.length === 0);
    });
  });
}

const results = [];
// One runtime at a time: the machine is small and each run starts its own workers.
for (const [runtime, run] of Object.entries(RUNS)) results.push(await check(runtime, run));
process.exit(results.every(Boolean) ? 0 : 1);
