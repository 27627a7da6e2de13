// Memory held by one compiled selector: compiles COPIES of each selector, keeps them, and divides the growth
// of the JavaScript heap plus external memory (typed arrays' buffers live there), after full collections, by
// COPIES. Run: pnpm bench:selectors (Node, with --expose-gc).
import { compileSelector, type SelectorKind, type TopicMatcher } from "../src/index.ts";

const COPIES = 100;

const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error("run with node --expose-gc");

const names = Array.from({ length: 800 }, (_, i) => `v${i}`).join(",");
const selectors: [string, string, SelectorKind][] = [
  ["4 KB template, 1,018 expressions", `https://example.com/${"{a}/".repeat(1018)}`, "template"],
  [
    "4 KB template, literal text and one expression",
    `https://example.com/${"abcdefgh/".repeat(452)}{id}`,
    "template",
  ],
  ["4 KB template, one query expression of 800 names", `https://example.com/s{?${names}}`, "template"],
  ["template https://example.com/books/{id}", "https://example.com/books/{id}", "template"],
  ["URL pattern https://example.com/books/:id", "https://example.com/books/:id", "urlpattern"],
  [
    "URL pattern with 16 groups (finding 1)",
    `https://example.com/${Array.from({ length: 16 }, (_, i) => `:g${i + 1}`).join(".")}.z`,
    "urlpattern",
  ],
];

function memoryUsed(): number {
  collect!();
  collect!();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

for (const [name, pattern, kind] of selectors) {
  const kept: TopicMatcher[] = [];
  let refused = "";
  let perSelector = 0;
  try {
    // Once first, so that code compiled on first use is not counted.
    compileSelector(pattern, kind)("https://example.com/books/1");
    const before = memoryUsed();
    for (let i = 0; i < COPIES; i++) kept.push(compileSelector(pattern, kind));
    perSelector = (memoryUsed() - before) / COPIES;
  } catch (error) {
    refused = error instanceof Error ? error.message : String(error);
  }
  const states = (kept[0] as { states?: number } | undefined)?.states ?? "-";
  console.log(
    refused
      ? `${name} (${pattern.length} chars): refused: ${refused}`
      : `${name} (${pattern.length} chars): ${(perSelector / 1024).toFixed(1)} KiB per selector, ${states} states`,
  );
}
