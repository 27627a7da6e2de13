// `pnpm build:exe`: the CLI as one executable file (Bun's runtime inside), at dist-exe/ssehub.
// Bun comes from the workspace's npm package, so nothing is downloaded.
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const bun = join(packageDir, "../../node_modules/bun/bin/bun.exe");
const outfile = join(packageDir, "dist-exe/ssehub");
const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

const result = spawnSync(
  bun,
  [
    "build",
    "--compile",
    "--minify",
    "--conditions=source",
    "--define",
    `SSEHUB_VERSION=${JSON.stringify(version)}`,
    join(packageDir, "src/cli/main.ts"),
    "--outfile",
    outfile,
  ],
  { stdio: "inherit" },
);
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`${outfile}: ${(statSync(outfile).size / 2 ** 20).toFixed(1)} MiB`);
