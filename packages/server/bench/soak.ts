// `pnpm soak`: a bounded soak run of the hub (Node, in its own process). Two identical cycles, each: many
// subscribers connect, a share of them never read, others connect and leave throughout, updates are
// published at a steady rate. After each cycle: every well-behaved subscriber got every update exactly once
// and in order, the hub's counters are back to zero, its open file descriptors back to their baseline; RSS
// and heap after GC are reported per cycle. Exits 1 unless all of it holds.
import { type ChildProcess, fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDuration } from "../src/config/units.ts";
import { SequentialPublisher, type SoakSubscriber, subscribe } from "./soak-clients.ts";

interface SoakOptions {
  /** Publishing time per cycle, ms. */
  duration: number;
  subscribers: number;
  /** Publishes per second. */
  rate: number;
  /** Bytes of padding per update. */
  payload: number;
  /** Share of the subscribers that never read. */
  slowShare: number;
  /** Subscribers that connect and leave, per second. */
  churn: number;
  /** Identical cycles, at least 2. */
  cycles: number;
}

/** What the hub process reports after a GC. */
interface HubFigures {
  connections: number;
  queuedBytes: number;
  slowConsumerDisconnects: number;
  rss: number;
  heapUsed: number;
  fds: number;
}

const TOPIC = "urn:ssehub:soak";
const MiB = 1024 * 1024;

function options(argv: string[]): SoakOptions {
  const value = (name: string, fallback: string) => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? fallback : (argv[at + 1] ?? fallback);
  };
  const number = (name: string, fallback: string) => {
    const parsed = Number(value(name, fallback));
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name}: not a number`);
    return parsed;
  };
  const duration = parseDuration(value("duration", "30s"));
  if (duration === undefined) throw new Error("--duration: a duration such as 500ms, 15s or 10m");
  return {
    duration,
    subscribers: number("subscribers", "2000"),
    rate: number("rate", "10"),
    payload: number("payload", "16384"),
    slowShare: number("slow-share", "0.05"),
    churn: number("churn", "20"),
    cycles: Math.max(2, number("cycles", "2")),
  };
}

/** Resolves once `condition()` holds; rejects after `ms` naming `what`. */
async function until(condition: () => boolean | Promise<boolean>, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

class HubProcess {
  readonly #child: ChildProcess;
  readonly port: Promise<number>;

  constructor(maxQueue: number) {
    const script = join(dirname(fileURLToPath(import.meta.url)), "servers/soak-hub.js");
    this.#child = fork(script, [String(maxQueue)], { execArgv: ["--expose-gc"], stdio: "inherit" });
    this.port = new Promise((resolve, reject) => {
      this.#child.once("message", (message) => resolve((message as { port: number }).port));
      this.#child.once("exit", (code) => reject(new Error(`soak hub exited (${code}) before listening`)));
    });
  }

  probe(): Promise<HubFigures> {
    return new Promise((resolve) => {
      this.#child.once("message", (message) => resolve(message as HubFigures));
      this.#child.send("probe");
    });
  }

  stop(): void {
    this.#child.kill("SIGKILL");
  }
}

/** Opens and closes short-lived subscribers at `perSecond` until `stop` is called; returns how many. */
function churn(port: number, perSecond: number): { stop(): Promise<number> } {
  let opened = 0;
  const open = new Set<SoakSubscriber>();
  const timer =
    perSecond > 0
      ? setInterval(() => {
          const subscriber = subscribe(port, TOPIC);
          opened++;
          open.add(subscriber);
          setTimeout(
            () => {
              subscriber.close();
              open.delete(subscriber);
            },
            50 + Math.random() * 450,
          );
        }, 1000 / perSecond)
      : undefined;
  return {
    async stop() {
      clearInterval(timer);
      for (const subscriber of open) subscriber.close();
      return opened;
    },
  };
}

async function cycle(hub: HubProcess, port: number, o: SoakOptions, baselineFds: number, index: number) {
  const before = await hub.probe();
  const slowCount = Math.round(o.subscribers * o.slowShare);
  const subscribers = Array.from({ length: o.subscribers }, (_, i) => subscribe(port, TOPIC, i < slowCount));
  await Promise.all(subscribers.map((s) => s.ready));
  const churner = churn(port, o.churn);
  const publisher = new SequentialPublisher(port);
  const padding = "x".repeat(o.payload);
  const total = Math.max(1, Math.round((o.duration / 1000) * o.rate));
  const started = Date.now();
  for (let seq = 1; seq <= total; seq++) {
    const due = started + ((seq - 1) * 1000) / o.rate;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    await publisher.publish(TOPIC, `${seq} ${padding}`);
  }
  const churned = await churner.stop();
  const wellBehaved = subscribers.slice(slowCount);
  await until(
    () => wellBehaved.every((s) => s.received.length >= total),
    `${wellBehaved.length} subscribers to receive ${total} updates`,
    30_000 + o.duration,
  );
  const wrong = wellBehaved.filter(
    (s) => s.received.length !== total || s.received.some((n, i) => n !== i + 1),
  );
  for (const subscriber of subscribers) subscriber.close();
  publisher.close();
  let after = await hub.probe();
  await until(
    async () => {
      after = await hub.probe();
      return after.connections === 0 && after.queuedBytes === 0 && after.fds === baselineFds;
    },
    "the hub's connections, queued bytes and descriptors to return to their baseline",
    15_000,
  );
  const line =
    `cycle ${index}: ${total} updates; ${wellBehaved.length - wrong.length}/${wellBehaved.length} well-behaved ` +
    `subscribers got each exactly once, in order; slow consumers cut by the hub ${after.slowConsumerDisconnects - before.slowConsumerDisconnects} ` +
    `(of ${slowCount} that never read); ` +
    `${churned} churned; after: connections ${after.connections}, queued ${after.queuedBytes} B, ` +
    `fds ${after.fds} (baseline ${baselineFds}); RSS ${(after.rss / MiB).toFixed(1)} MiB, ` +
    `heap ${(after.heapUsed / MiB).toFixed(1)} MiB after GC`;
  return { clean: wrong.length === 0, line, after };
}

async function main(): Promise<number> {
  const o = options(process.argv.slice(2));
  console.log(
    `soak: ${o.cycles} cycles of ${o.duration / 1000} s; ${o.subscribers} subscribers (${o.slowShare * 100}% never read), ` +
      `${o.rate} publishes/s of ${o.payload} B, ${o.churn} short-lived subscribers/s`,
  );
  const hub = new HubProcess(64 * 1024);
  try {
    const port = await hub.port;
    const baseline = await hub.probe();
    console.log(
      `baseline: fds ${baseline.fds}; RSS ${(baseline.rss / MiB).toFixed(1)} MiB, heap ${(baseline.heapUsed / MiB).toFixed(1)} MiB after GC`,
    );
    const results = [];
    for (let index = 1; index <= o.cycles; index++) {
      const result = await cycle(hub, port, o, baseline.fds, index);
      console.log(result.line);
      results.push(result);
    }
    const first = results[0]!.after;
    const last = results.at(-1)!.after;
    const growth = (a: number, b: number) => `${b >= a ? "+" : ""}${((b - a) / MiB).toFixed(2)} MiB`;
    console.log(
      `growth from cycle 1 to cycle ${o.cycles}: RSS ${growth(first.rss, last.rss)}, heap ${growth(first.heapUsed, last.heapUsed)}`,
    );
    const clean = results.every((result) => result.clean);
    console.log(
      clean ? "soak: clean" : "soak: FAILED (a well-behaved subscriber missed or repeated an update)",
    );
    return clean ? 0 : 1;
  } finally {
    hub.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`soak: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
