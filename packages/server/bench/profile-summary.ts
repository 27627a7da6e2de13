// Summarises a V8 .cpuprofile (node --cpu-prof): self time (idle left out) by function and by file, largest
// first, so that a profile of the publish benchmark's server says where the time per publish goes.
// Run: node .test-dist/bench/profile-summary.js FILE.cpuprofile [rows]
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (file === undefined) throw new Error("usage: profile-summary FILE.cpuprofile [rows]");
const rows = Number(rowsArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  const frame = byId.get(id)?.callFrame;
  // Idle is time the server waited for work: shares are of the time it was busy.
  if (frame === undefined || frame.functionName === "(idle)") return;
  total += delta;
  const where = shortFile(frame.url);
  add(byFunction, `${frame.functionName || "(anonymous)"} ${where}:${frame.lineNumber + 1}`, delta);
  add(byFile, where, delta);
});

function add(map: Map<string, number>, key: string, delta: number): void {
  map.set(key, (map.get(key) ?? 0) + delta);
}

/** The package and file, without the machine's directories. */
function shortFile(url: string): string {
  if (url === "") return "(native)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) return url.slice(modules + "node_modules/".length).replace(/\/dist\//, ":");
  const dist = url.indexOf(".test-dist/");
  if (dist >= 0) return url.slice(dist + ".test-dist/".length);
  return url.replace(/^.*\/packages\//, "");
}

function print(title: string, map: Map<string, number>): void {
  console.log(`\n${title} (self time, % of ${(total / 1000).toFixed(0)} ms busy)`);
  const sorted = [...map].sort((a, b) => b[1] - a[1]).slice(0, rows);
  for (const [key, micros] of sorted)
    console.log(`${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`);
}

// The parts of a publish the README's profile table names, first match wins.
const PARTS: [string, (fn: string, where: string) => boolean][] = [
  ["socket writes (writev)", (fn) => fn === "writev" || fn === "writevGeneric"],
  ["garbage collection", (fn) => fn === "(garbage collector)"],
  ["@hono/node-server and Hono", (_, where) => where.startsWith("@hono/") || where.startsWith("hono:")],
  [
    "token verification (jose, ssehub auth)",
    (_, where) => where.startsWith("jose:") || /^server\/\w+\/auth\//.test(where),
  ],
  ["publish route, body, limits", (_, where) => /^server\/\w+\/(http|limits|runtime)\//.test(where)],
  ["hub core, broker, fan-out, encoder", (_, where) => /^(server\/\w+\/core|protocol)\//.test(where)],
  ["Node's HTTP, streams, timers", (_, where) => where.startsWith("node:")],
  ["other (V8, native)", () => true],
];
const byPart = new Map<string, number>(PARTS.map(([name]) => [name, 0]));
for (const [key, micros] of byFunction) {
  const at = key.lastIndexOf(" ");
  const fn = key.slice(0, at);
  const where = key.slice(at + 1);
  const part = PARTS.find(([, test]) => test(fn, where))!;
  add(byPart, part[0], micros);
}

print("By part", byPart);
print("By file", byFile);
print("By function", byFunction);
