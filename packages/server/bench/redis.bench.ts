// Redis benchmark: what the Redis hop costs and what a second node buys. One round (the machine is shared),
// Node only, the same load generator as the fan-out benchmark:
//   memory, 1 node   | Redis, 1 node   | Redis, 2 nodes (subscribers split, publishes to the first)
// each with N subscribers (fan-out and paced latency), then publishes/s accepted with no subscriber.
import { type ChildProcess, execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startRedis } from "../test/helpers/redis-server.ts";
import type { LoadResult, LoadSpec } from "./load-spec.ts";
import { startTarget, type Target } from "./targets.ts";

const compiledBench = dirname(fileURLToPath(import.meta.url));
const packageDir = join(compiledBench, "../..");
const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const run = promisify(execFile);

async function measure(nodeCount: number, withRedis: boolean, count: number): Promise<LoadResult> {
  const redis = withRedis ? await startRedis() : undefined;
  const nodes: ChildProcess[] = [];
  try {
    const node: Target = {
      name: withRedis ? "ssehub node on Redis" : "ssehub node",
      command: process.execPath,
      args: [join(compiledBench, "servers/ssehub.js")],
      subscribePath: "/.well-known/mercure?topic=bench",
      publishPath: "/.well-known/mercure",
      ...(redis && { env: { BENCH_REDIS: redis.url } }),
    };
    const started = [];
    for (let i = 0; i < nodeCount; i++) started.push(await startTarget(node, packageDir));
    nodes.push(...started.map((node) => node.child));
    const spec: LoadSpec = {
      target: "ssehub",
      port: started[0]!.port,
      subscriberPorts: started.map((node) => node.port),
      serverPid: nodes[0]!.pid!,
      otherPids: [...nodes.slice(1).map((child) => child.pid!), ...(redis ? [redis.child.pid!] : [])],
      subscribePath: node.subscribePath,
      publishPath: node.publishPath,
      subscribers: count,
      payloadBytes: 100,
      pacedUpdates: count > 0 ? Math.ceil(60_000 / count) : 0,
      pacedRate: count > 0 ? 20_000 / count : 1,
      burstUpdates: count > 0 ? 300 : 3000,
      publishConcurrency: 16,
      timeoutMs: 60_000,
    };
    const { stdout } = await run(
      process.execPath,
      [join(compiledBench, "loadgen.js"), JSON.stringify(spec)],
      {
        maxBuffer: 1 << 20,
      },
    );
    return JSON.parse(stdout) as LoadResult;
  } finally {
    for (const child of nodes) child.kill("SIGKILL");
    await redis?.stop();
  }
}

const fmt = (value: number, digits = 1): string => value.toFixed(digits);
const ratio = (value: number, base: number): string => `${(value / base).toFixed(2)}×`;

console.log(`Redis benchmark: ${subscribers} subscribers, one round, node ${process.versions.node}`);
const scenarios: [string, number, boolean][] = [
  ["memory, 1 node", 1, false],
  ["Redis, 1 node", 1, true],
  ["Redis, 2 nodes", 2, true],
];
const fanOut = [];
for (const [name, nodeCount, withRedis] of scenarios)
  fanOut.push([name, await measure(nodeCount, withRedis, subscribers)] as const);
const base = fanOut[0]![1];
const perSecond = (r: LoadResult): number => r.burst.deliveries / r.burst.seconds;
const cpu = (r: LoadResult): number => r.burst.serverCpuMicros / r.burst.deliveries;
console.log("| broker | deliveries/s (burst) | p50 ms | p99 ms | CPU µs/delivery (burst, all processes) |");
console.log("|---|---|---|---|---|");
for (const [name, r] of fanOut) {
  const complete = r.paced.complete && r.burst.complete ? "" : " (incomplete)";
  console.log(
    `| ${name}${complete} | ${fmt(perSecond(r), 0)} (${ratio(perSecond(r), perSecond(base))}) | ${fmt(r.paced.p50)} | ${fmt(r.paced.p99)} | ${fmt(cpu(r), 2)} (${ratio(cpu(r), cpu(base))}) |`,
  );
}
const memoryPublishes = await measure(1, false, 0);
const redisPublishes = await measure(1, true, 0);
const rate = (r: LoadResult): number => r.burst.updates / r.burst.seconds;
console.log("\n| broker | publishes/s accepted (16 concurrent, no subscriber) |");
console.log("|---|---|");
console.log(`| memory | ${fmt(rate(memoryPublishes), 0)} (1.00×) |`);
console.log(
  `| Redis | ${fmt(rate(redisPublishes), 0)} (${ratio(rate(redisPublishes), rate(memoryPublishes))}) |`,
);
