// Load generator for the fan-out benchmark, run as its own Node process. It opens N subscriber sockets
// (raw TCP, one HTTP/1.1 GET each), publishes over keep-alive HTTP, and counts deliveries by finding the
// payload marker in the received bytes, parsing nothing else. A few probe sockets also read the sequence
// number after the marker to measure publish→receive latency on this process's own clock. The server's
// CPU time and memory are read from /proc, so every runtime is measured the same way.
import { Agent } from "node:http";
import { connect, type Socket } from "node:net";
import type { LoadResult, LoadSpec, PhaseFigures } from "./load-spec.ts";
import { post } from "./post.ts";
import { cpuMicros, rssBytes } from "./proc-stats.ts";
import { percentile } from "./stats.ts";

const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;
const marker = Buffer.from('{"seq":');
const probeCount = Math.min(50, spec.subscribers);
const sentAt = new Map<number, number>();
const serverPids = [spec.serverPid, ...(spec.otherPids ?? [])];
const serverCpu = (): number => serverPids.reduce((sum, pid) => sum + cpuMicros(pid), 0);
const serverRss = (): number => serverPids.reduce((sum, pid) => sum + rssBytes(pid), 0);
const latencies: number[] = [];
let delivered = 0;
let onDelivery: (() => void) | undefined;

function countMarkers(chunk: Buffer, probe: boolean, now: number): void {
  for (let at = chunk.indexOf(marker); at !== -1; at = chunk.indexOf(marker, at + marker.length)) {
    delivered++;
    if (probe) {
      const seq = Number.parseInt(chunk.toString("latin1", at + marker.length, at + marker.length + 12), 10);
      const sent = sentAt.get(seq);
      if (sent !== undefined) latencies.push(now - sent);
    }
  }
}

// Reading each socket at most once per interval lets one read take many events, so the load generator
// stays cheaper than the servers it measures; probes always read at once. The interval is jittered: the
// paced publisher's period equals its mean, and a fixed interval would phase-lock the batched reads (which
// keep this process busy for a while) with the deliveries, adding a delay to the probes' latency that
// depends on each server's own timing rather than on the time its deliveries take.
const batchIntervalMs = Math.min(500, Math.max(50, spec.subscribers / 20));
let batched: Socket[] = [];
let resumer: ReturnType<typeof setTimeout> | undefined;
function resumeBatched(): void {
  const due = batched;
  batched = [];
  for (const socket of due) socket.resume();
  resumer = setTimeout(resumeBatched, batchIntervalMs * (0.5 + Math.random()));
}
resumeBatched();

// One read buffer serves every socket: each read is handled synchronously before the next one lands.
const readBuffer = Buffer.allocUnsafe(1 << 16);

function openSubscriber(index: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const probe = index < probeCount;
    const tail = Buffer.alloc(marker.length - 1);
    let tailLength = 0;
    let ready = false;
    const onRead = (length: number, buffer: Uint8Array): boolean => {
      const chunk = buffer as Buffer;
      const now = probe ? performance.now() : 0;
      if (!ready) {
        ready = true;
        resolve(socket);
      }
      // A marker split across two reads is found in the joined edge of the two.
      if (tailLength > 0) {
        const edge = Buffer.concat([
          tail.subarray(0, tailLength),
          chunk.subarray(0, Math.min(length, tail.length)),
        ]);
        countMarkers(edge, probe, now);
      }
      countMarkers(chunk.subarray(0, length), probe, now);
      tailLength = chunk.copy(tail, 0, Math.max(0, length - tail.length), length);
      onDelivery?.();
      if (!probe) {
        socket.pause();
        batched.push(socket);
      }
      return true;
    };
    const ports = spec.subscriberPorts ?? [spec.port];
    const socket = connect({
      port: ports[index % ports.length]!,
      host: "127.0.0.1",
      onread: { buffer: readBuffer, callback: onRead },
    });
    socket.setNoDelay(true);
    socket.on("connect", () => {
      socket.write(
        `GET ${spec.subscribePath} HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: text/event-stream\r\n\r\n`,
      );
    });
    socket.on("error", reject);
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: spec.publishConcurrency });

async function publishOne(seq: number): Promise<void> {
  const payload = `{"seq":${seq},"pad":"${"x".repeat(spec.payloadBytes)}"}`;
  const body = spec.target === "baseline" ? payload : `topic=bench&data=${encodeURIComponent(payload)}`;
  sentAt.set(seq, performance.now());
  const status = await post(agent, spec.port, spec.publishPath, body, {
    "content-type": "application/x-www-form-urlencoded",
  });
  if (status !== 200) throw new Error(`publish ${status}`);
}

function allDelivered(expected: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      onDelivery = undefined;
      resolve(ok);
    };
    onDelivery = () => {
      if (delivered >= expected) finish(true);
    };
    onDelivery();
  });
}

async function runPhase(
  updates: number,
  firstSeq: number,
  publishAll: (firstSeq: number) => Promise<void>,
): Promise<PhaseFigures> {
  const expected = delivered + updates * spec.subscribers;
  const startDelivered = delivered;
  const cpu0 = serverCpu();
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  await publishAll(firstSeq);
  const complete = await allDelivered(expected, spec.timeoutMs);
  const seconds = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  return {
    updates,
    deliveries: delivered - startDelivered,
    complete,
    seconds,
    serverCpuMicros: serverCpu() - cpu0,
    loadgenCpuMicros: own.user + own.system,
  } satisfies PhaseFigures;
}

async function paced(firstSeq: number): Promise<void> {
  const interval = 1000 / spec.pacedRate;
  const start = performance.now();
  for (let i = 0; i < spec.pacedUpdates; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await publishOne(firstSeq + i);
  }
}

async function burst(firstSeq: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < spec.burstUpdates) await publishOne(firstSeq + next++);
  };
  await Promise.all(Array.from({ length: spec.publishConcurrency }, worker));
}

const rssBefore = serverRss();
const sockets: Socket[] = [];
for (let i = 0; i < spec.subscribers; i += 200) {
  const batch = Array.from({ length: Math.min(200, spec.subscribers - i) }, (_, k) => openSubscriber(i + k));
  sockets.push(...(await Promise.all(batch)));
}
await new Promise((r) => setTimeout(r, 500)); // let the server settle before reading its idle memory
const rssIdle = serverRss();

const pacedResult = await runPhase(spec.pacedUpdates, 0, paced);
const pacedLatencies = latencies.splice(0);
const burstResult = await runPhase(spec.burstUpdates, spec.pacedUpdates, burst);

const result: LoadResult = {
  rssPerIdleSubscriber: (rssIdle - rssBefore) / spec.subscribers,
  paced: { ...pacedResult, p50: percentile(pacedLatencies, 50), p99: percentile(pacedLatencies, 99) },
  burst: burstResult,
};
console.log(JSON.stringify(result));
clearTimeout(resumer);
for (const socket of sockets) socket.destroy();
agent.destroy();
