// Fan-out benchmark: one publisher, N subscribers over loopback. Each round starts every target afresh
// (interleaved, so drift on this shared machine hits all alike), drives it with the same load generator in
// a separate process, and reports medians with ratios to the raw node:http baseline.
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { LoadResult, LoadSpec } from "./load-spec.ts";
import { median } from "./stats.ts";
import { runLoad, type Target, targets } from "./targets.ts";

const compiledBench = dirname(fileURLToPath(import.meta.url));
const packageDir = join(compiledBench, "../..");
const sizes = (process.env.BENCH_SUBSCRIBERS ?? "1000,5000").split(",").map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
// BENCH_SUBSCRIBERS, BENCH_ROUNDS and BENCH_TARGETS (e.g. "node,bun") narrow a run; the baseline always runs.
const run = promisify(execFile);
const pacedDeliveriesPerSecond = 20_000;

function measure(target: Target, subscribers: number): Promise<LoadResult> {
  return runLoad<LoadResult>(target, packageDir, join(compiledBench, "loadgen.js"), (port, serverPid) => {
    const spec: LoadSpec = {
      target: target.name === "baseline node:http" ? "baseline" : "ssehub",
      port,
      serverPid,
      subscribePath: target.subscribePath,
      publishPath: target.publishPath,
      subscribers,
      payloadBytes: 100,
      // The paced phase stays well under every server's capacity (20,000 deliveries/s), for latency.
      pacedUpdates: Math.ceil((3 * pacedDeliveriesPerSecond) / subscribers),
      pacedRate: pacedDeliveriesPerSecond / subscribers,
      burstUpdates: subscribers >= 5000 ? 100 : 300,
      publishConcurrency: 16,
      timeoutMs: 60_000,
    };
    return spec;
  });
}

interface Row {
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
  cpuPerDeliveryPaced: number;
  cpuPerDeliveryBurst: number;
  rssPerSubscriber: number;
  loadgenCpuShare: number;
  complete: boolean;
}

function toRow(r: LoadResult): Row {
  return {
    deliveriesPerSecond: r.burst.deliveries / r.burst.seconds,
    p50: r.paced.p50,
    p99: r.paced.p99,
    cpuPerDeliveryPaced: r.paced.serverCpuMicros / r.paced.deliveries,
    cpuPerDeliveryBurst: r.burst.serverCpuMicros / r.burst.deliveries,
    rssPerSubscriber: r.rssPerIdleSubscriber,
    loadgenCpuShare: r.burst.loadgenCpuMicros / (r.burst.seconds * 1e6),
    complete: r.paced.complete && r.burst.complete,
  };
}

function medianRow(rows: Row[]): Row {
  const pick = (key: Exclude<keyof Row, "complete">): number => median(rows.map((row) => row[key]));
  return {
    deliveriesPerSecond: pick("deliveriesPerSecond"),
    p50: pick("p50"),
    p99: pick("p99"),
    cpuPerDeliveryPaced: pick("cpuPerDeliveryPaced"),
    cpuPerDeliveryBurst: pick("cpuPerDeliveryBurst"),
    rssPerSubscriber: pick("rssPerSubscriber"),
    loadgenCpuShare: pick("loadgenCpuShare"),
    complete: rows.every((row) => row.complete),
  };
}

const fmt = (value: number, digits = 1): string => value.toFixed(digits);
const ratio = (value: number, base: number): string => `${(value / base).toFixed(2)}×`;

const only = process.env.BENCH_TARGETS?.split(",");
const all = targets(packageDir, compiledBench).filter(
  (t, i) => i === 0 || !only || only.some((name) => t.name.includes(name)),
);
const versions = await run(process.execPath, ["-e", "console.log(process.versions.node)"]);
console.log(`fan-out benchmark: ${rounds} interleaved rounds, node ${versions.stdout.trim()}, medians`);
for (const subscribers of sizes) {
  const samples = new Map<string, Row[]>(all.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const target of all) samples.get(target.name)!.push(toRow(await measure(target, subscribers)));
  }
  const base = medianRow(samples.get(all[0]!.name)!);
  console.log(`\n${subscribers} subscribers`);
  console.log(
    "| server | deliveries/s (burst) | p50 ms | p99 ms | CPU µs/delivery paced | CPU µs/delivery burst | RSS KiB/idle sub | loadgen CPU |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const target of all) {
    const row = medianRow(samples.get(target.name)!);
    const cells = [
      `${target.name}${row.complete ? "" : " (incomplete)"}`,
      `${fmt(row.deliveriesPerSecond, 0)} (${ratio(row.deliveriesPerSecond, base.deliveriesPerSecond)})`,
      fmt(row.p50),
      fmt(row.p99),
      `${fmt(row.cpuPerDeliveryPaced, 2)} (${ratio(row.cpuPerDeliveryPaced, base.cpuPerDeliveryPaced)})`,
      `${fmt(row.cpuPerDeliveryBurst, 2)} (${ratio(row.cpuPerDeliveryBurst, base.cpuPerDeliveryBurst)})`,
      `${fmt(row.rssPerSubscriber / 1024, 1)} (${ratio(row.rssPerSubscriber, base.rssPerSubscriber)})`,
      `${fmt(row.loadgenCpuShare * 100, 0)}%`,
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
}
