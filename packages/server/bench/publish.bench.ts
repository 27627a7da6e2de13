// Publish benchmark: how many publishes a server accepts and the server CPU each costs, for ssehub on Node,
// Bun and Deno beside the raw node:http baseline (which checks no token and keeps nothing). Publishers carry a
// bearer token: one shared by all, or 50,000 distinct ones in turn (far more than the hub caches), so that a
// cache of verified tokens cannot hide the cost of verifying. Rounds are interleaved (drift on this shared
// machine hits every server alike); the figures are medians, with ratios to the baseline of the same run.
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { PublishLoadResult, PublishLoadSpec } from "./publish-loadgen.ts";
import { median } from "./stats.ts";
import { runLoad, type Target, targets } from "./targets.ts";

const compiledBench = dirname(fileURLToPath(import.meta.url));
const packageDir = join(compiledBench, "../..");
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
// BENCH_ROUNDS, BENCH_SECONDS, BENCH_TARGETS (e.g. "node,bun") and BENCH_TOKENS (e.g. "50000") narrow a run;
// the baseline always runs.
const run = promisify(execFile);
const key = "publish-benchmark-secret-of-32-bytes!";
process.env.BENCH_JWT_KEY = key; // read by the ssehub targets

interface Load {
  name: string;
  subscribers: number;
  publishers: number;
}
const LOADS: Load[] = [
  { name: "1 subscriber, 8 publisher connections", subscribers: 1, publishers: 8 },
  { name: "10 subscribers, 8 publisher connections", subscribers: 10, publishers: 8 },
  { name: "1 subscriber, 1 sequential publisher", subscribers: 1, publishers: 1 },
];

function measure(target: Target, load: Load, tokenCount: number): Promise<PublishLoadResult> {
  const script = join(compiledBench, "publish-loadgen.js");
  return runLoad<PublishLoadResult>(target, packageDir, script, (port, serverPid) => {
    const spec: PublishLoadSpec = {
      port,
      serverPid,
      subscribePath: target.subscribePath,
      publishPath: target.publishPath,
      subscribers: load.subscribers,
      publishers: load.publishers,
      seconds,
      key,
      tokenCount,
    };
    return spec;
  });
}

const only = process.env.BENCH_TARGETS?.split(",");
const all = targets(packageDir, compiledBench).filter(
  (t, i) => i === 0 || !only || only.some((name) => t.name.includes(name)),
);
// Used in turn, 50,000 tokens are far more than the hub's verified-token cache holds (1,000) or its table of
// recent sightings remembers (4,096 slots): a token comes back after its slot was taken, is never seen twice,
// and every publish of that mode verifies its token's signature.
const onlyTokens = process.env.BENCH_TOKENS?.split(",").map(Number);
const tokenModes = (
  [
    ["one shared token", 1],
    ["50,000 distinct tokens", 50000],
  ] as [string, number][]
).filter(([, count]) => !onlyTokens || onlyTokens.includes(count));
const versions = await run(process.execPath, ["-e", "console.log(process.versions.node)"]);
console.log(
  `publish benchmark: ${rounds} interleaved rounds of ${seconds} s, node ${versions.stdout.trim()}, medians`,
);
for (const [mode, tokenCount] of tokenModes) {
  for (const load of LOADS) {
    const samples = new Map<string, PublishLoadResult[]>(all.map((t) => [t.name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const target of all) samples.get(target.name)!.push(await measure(target, load, tokenCount));
    }
    const figures = (name: string) => {
      const results = samples.get(name)!;
      return {
        perSecond: median(results.map((r) => r.accepted / r.seconds)),
        cpuPerPublish: median(results.map((r) => r.serverCpuMicros / Math.max(1, r.accepted))),
        refused: results.reduce((sum, r) => sum + r.refused, 0),
      };
    };
    const base = figures(all[0]!.name);
    console.log(`\n${mode}; ${load.name}`);
    console.log("| server | publishes/s | CPU µs/publish | CPU vs baseline |");
    console.log("|---|---|---|---|");
    for (const target of all) {
      const row = figures(target.name);
      const refused = row.refused > 0 ? ` (${row.refused} refused)` : "";
      console.log(
        `| ${target.name}${refused} | ${row.perSecond.toFixed(0)} | ${row.cpuPerPublish.toFixed(1)} | ${(row.cpuPerPublish / base.cpuPerPublish).toFixed(2)}× |`,
      );
    }
  }
}
