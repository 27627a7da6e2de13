// Decoder throughput: @ssehub/protocol's createParser against eventsource-parser, on the same byte chunks
// in the same process, repeats interleaved. Both decode UTF-8: ours inside feed(), eventsource-parser
// through one streaming TextDecoder (what TextDecoderStream does). Run: pnpm bench (Node); also
// `bun bench/decoder.bench.ts` and `deno run -A bench/decoder.bench.ts`.
import { createParser as createTheirParser } from "eventsource-parser";
import { createParser } from "../src/index.ts";

interface Workload {
  name: string;
  chunks: Uint8Array[];
  bytes: number;
  events: number;
}

interface Result {
  events: number;
  dataLength: number;
}

const REPEATS = Number(globalThis.process?.env?.BENCH_REPEATS ?? 15);
const WARMUP = 3;

function chunked(text: string, chunkSize: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return chunks;
}

function smallJsonEvents(count: number): Workload {
  let text = "";
  for (let i = 0; i < count; i++) {
    const payload = JSON.stringify({
      id: i,
      topic: `https://example.com/books/${i}`,
      title: `Book ${i}`,
      price: 9.99,
    });
    text += `id: ${i}\nevent: update\ndata: ${payload}\n\n`;
  }
  const chunks = chunked(text, 16 * 1024);
  return {
    name: `small JSON events (${count}, 16 KiB chunks)`,
    chunks,
    bytes: byteLength(chunks),
    events: count,
  };
}

function largeMultiLineEvents(count: number, lines: number): Workload {
  const line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor é";
  let event = "";
  for (let i = 0; i < lines; i++) event += `data: ${line} ${i}\n`;
  let text = "";
  for (let i = 0; i < count; i++) text += `id: ${i}\n${event}\n`;
  const chunks = chunked(text, 64 * 1024);
  return {
    name: `large multi-line data (${count} events × ${lines} lines, 64 KiB chunks)`,
    chunks,
    bytes: byteLength(chunks),
    events: count,
  };
}

function byteLength(chunks: Uint8Array[]): number {
  return chunks.reduce((total, chunk) => total + chunk.length, 0);
}

function runOurs(chunks: Uint8Array[]): Result {
  const result: Result = { events: 0, dataLength: 0 };
  const parser = createParser({
    onEvent(event) {
      result.events++;
      result.dataLength += event.data.length;
    },
  });
  for (const chunk of chunks) parser.feed(chunk);
  return result;
}

function runTheirs(chunks: Uint8Array[]): Result {
  const result: Result = { events: 0, dataLength: 0 };
  const parser = createTheirParser({
    onEvent(event) {
      result.events++;
      result.dataLength += event.data.length;
    },
  });
  const decoder = new TextDecoder();
  for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  return result;
}

function time(run: (chunks: Uint8Array[]) => Result, workload: Workload): number {
  const start = performance.now();
  const result = run(workload.chunks);
  const elapsed = performance.now() - start;
  if (result.events !== workload.events)
    throw new Error(`expected ${workload.events} events, got ${result.events}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function bench(workload: Workload): void {
  const ours = runOurs(workload.chunks);
  const theirs = runTheirs(workload.chunks);
  if (ours.events !== theirs.events || ours.dataLength !== theirs.dataLength) {
    throw new Error(`parsers disagree on ${workload.name}: ${JSON.stringify({ ours, theirs })}`);
  }
  const times = { ours: [] as number[], theirs: [] as number[] };
  for (let i = 0; i < WARMUP + REPEATS; i++) {
    // Alternate which parser goes first so neither always runs on a warmer heap.
    const order = i % 2 === 0 ? (["ours", "theirs"] as const) : (["theirs", "ours"] as const);
    for (const who of order) {
      const elapsed = time(who === "ours" ? runOurs : runTheirs, workload);
      if (i >= WARMUP) times[who].push(elapsed);
    }
  }
  const mb = workload.bytes / 1e6;
  const row = (label: string, ms: number): string =>
    `  ${label.padEnd(22)} ${(mb / (ms / 1000)).toFixed(1).padStart(8)} MB/s ${Math.round(
      workload.events / (ms / 1000),
    )
      .toLocaleString("en-US")
      .padStart(12)} events/s  (median ${ms.toFixed(2)} ms)`;
  const oursMs = median(times.ours);
  const theirsMs = median(times.theirs);
  console.log(`${workload.name}: ${mb.toFixed(1)} MB, ${REPEATS} repeats`);
  console.log(row("@ssehub/protocol", oursMs));
  console.log(row("eventsource-parser", theirsMs));
  console.log(`  ratio (ours / eventsource-parser throughput): ${(theirsMs / oursMs).toFixed(2)}×`);
}

function runtimeName(): string {
  const global = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  if (global.Bun) return `Bun ${global.Bun.version}`;
  if (global.Deno) return `Deno ${global.Deno.version.deno}`;
  return `Node ${globalThis.process?.versions?.node ?? "?"}`;
}

const runtime = runtimeName();
console.log(`decoder benchmark on ${runtime}`);
bench(smallJsonEvents(100_000));
bench(largeMultiLineEvents(100, 1_000));
