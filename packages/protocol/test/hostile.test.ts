// Selectors come from anonymous subscribers: every cost must be bounded by construction. Work is proved by
// counting automaton steps (countMatchSteps), never by timing.
import { describe, expect, it } from "vitest";
import {
  compileSelector,
  countMatchSteps,
  createSelectorBudget,
  DEFAULT_SELECTOR_CHAR_BUDGET,
  DEFAULT_SELECTOR_STATE_BUDGET,
  isSseError,
  MAX_SELECTOR_LENGTH,
  type SelectorBudget,
  type SelectorKind,
  type SseErrorCode,
  type TopicMatcher,
} from "../src/index.ts";

/** The documented bound: at most 3 × states × (length + 1) steps, where a URL pattern's length is that of
 * the longest component of the topic parsed as a URL (at most its serialisation). */
function stepBound(matcher: TopicMatcher, topic: string): number {
  let length = topic.length;
  if (matcher.kind === "urlpattern") {
    try {
      length = Math.max(length, new URL(topic, "https://hub.invalid/").href.length);
    } catch {
      // Not a URL: no automaton runs.
    }
  }
  return 3 * matcher.states * (length + 1);
}

/** Matches `topic` and checks the answer and the step count against the bound; returns the steps. */
function matchCounted(matcher: TopicMatcher, topic: string, expected: boolean): number {
  const what = `${matcher.pattern.slice(0, 60)}… against ${topic.slice(0, 40)}… (${topic.length} characters)`;
  expect(matcher(topic), what).toBe(expected);
  const steps = countMatchSteps(matcher, topic);
  expect(steps, `steps of ${what}`).toBeLessThanOrEqual(stepBound(matcher, topic));
  return steps;
}

/** Steps grow in proportion to the topic: four times the topic, at most about four times the steps. */
function expectLinear(matcher: TopicMatcher, topicOfSize: (n: number) => string, expected: boolean): void {
  const small = matchCounted(matcher, topicOfSize(100), expected);
  const large = matchCounted(matcher, topicOfSize(400), expected);
  expect(small, "the automaton must run on these topics").toBeGreaterThan(0);
  expect(large).toBeLessThanOrEqual(4.5 * small);
}

function refusal(compile: () => unknown): SseErrorCode | undefined {
  try {
    compile();
    return undefined;
  } catch (error) {
    if (!isSseError(error)) throw error;
    return error.code;
  }
}

const groups = (count: number, separator = "."): string =>
  Array.from({ length: count }, (_, i) => `:g${i + 1}`).join(separator);

describe("URL Pattern selectors: hostile shapes match in linear time (finding 1)", () => {
  it("16 groups separated by . in the pathname, against an 80+ character dotted topic", () => {
    const matcher = compileSelector(`https://example.com/${groups(16)}.z`, "urlpattern");
    expect(matcher.states).toBeGreaterThan(0);
    expect(matcher.states).toBeLessThanOrEqual(4 * matcher.pattern.length);
    // A `/` near the end: URLPattern's regular expression tries every way to split the dots before failing.
    const failing = (n: number): string => `https://example.com/${"a.".repeat(n)}/.z`;
    expect(failing(45).length).toBeGreaterThan(80);
    expectLinear(matcher, failing, false);
    expectLinear(matcher, (n) => `https://example.com/${"a.".repeat(n)}z`, true);
    // Not even ending like the pattern: turned away before the automaton runs.
    expect(countMatchSteps(matcher, `https://example.com/${"a.".repeat(45)}y`)).toBe(0);
  });

  it("groups in the search and in the hash", () => {
    const search = compileSelector(`https://example.com/s?${groups(8)}.z`, "urlpattern");
    expectLinear(search, (n) => `https://example.com/s?${"a.".repeat(n)}z`, true);
    expectLinear(search, (n) => `https://example.com/s?${"a".repeat(n)}.z`, false);
    const hash = compileSelector(`https://example.com/h#${groups(8, "-")}-z`, "urlpattern");
    expectLinear(hash, (n) => `https://example.com/h#${"a-".repeat(n)}z`, true);
    expectLinear(hash, (n) => `https://example.com/h#${"a".repeat(n)}-z`, false);
    const both = compileSelector(`https://example.com/x?${groups(6)}#:h1.:h2.:h3.:h4`, "urlpattern");
    expectLinear(both, (n) => `https://example.com/x?${"a.".repeat(n)}a#${"b.".repeat(n)}b`, true);
    expectLinear(both, (n) => `https://example.com/x?${"a.".repeat(n)}a#${"b".repeat(n)}`, false);
  });

  it("two and three wildcards spanning segments, two groups in one segment", () => {
    const two = compileSelector("https://example.com/*/x/*/y", "urlpattern");
    expectLinear(two, (n) => `https://example.com/${"x/".repeat(n)}y`, true);
    expectLinear(two, (n) => `https://example.com/${"a/".repeat(n)}y`, false);
    const three = compileSelector("https://example.com/*/x/*/y/*", "urlpattern");
    expectLinear(three, (n) => `https://example.com/${"x/".repeat(n)}y/z`, true);
    expectLinear(three, (n) => `https://example.com/${"x/".repeat(n)}z/z`, false);
    const pair = compileSelector("https://example.com/:a-:b-:c", "urlpattern");
    expectLinear(pair, (n) => `https://example.com/${"-".repeat(n)}`, true);
    expectLinear(pair, (n) => `https://example.com/${"a".repeat(n)}-b`, false);
  });

  it("the longest accepted pattern stays within the per-selector state cap and the bound", () => {
    const pattern = `https://example.com/${groups(800, "-")}`
      .slice(0, MAX_SELECTOR_LENGTH)
      .replace(/[-:]+\w*$/, "");
    const matcher = compileSelector(pattern, "urlpattern");
    expect(matcher.states).toBeLessThanOrEqual(4 * pattern.length);
    matchCounted(matcher, `https://example.com/${"a-".repeat(2000)}`, true);
    matchCounted(matcher, `https://example.com/${"a-".repeat(2000)}/`, false);
  });

  it("exact selectors, * and literal URL patterns hold no states and take no steps", () => {
    for (const [pattern, kind] of [
      ["*", "urlpattern"],
      ["https://example.com/a", "exact"],
      ["https://example.com/a", "template"],
      ["https://example.com/books/:id", "urlpattern"],
    ] as const) {
      const matcher = compileSelector(pattern, kind);
      expect(matcher.states, pattern).toBe(0);
      expect(countMatchSteps(matcher, "https://example.com/books/1")).toBe(0);
    }
  });
});

describe("URI templates: large templates are light and linear (finding 2)", () => {
  const names = Array.from({ length: 600 }, (_, i) => `v${i}`).join(",");
  // [template, topics that start and end like it (so the automaton reads all of them), whether they match]
  const cases: Record<string, [string, [string, boolean][]]> = {
    "4 KB of expressions": [
      `https://example.com/${"{a}/".repeat(1018)}`,
      [
        [`https://example.com/${"x/".repeat(1018)}`, true],
        [`https://example.com/${"x".repeat(20_000)}/`, false],
        [`https://example.com/${"x/".repeat(10_000)}`, false],
      ],
    ],
    "4 KB of literal text around one expression": [
      `https://example.com/${"abcdefgh/".repeat(452)}{id}`,
      [
        [`https://example.com/${"abcdefgh/".repeat(452)}${"x".repeat(20_000)}`, true],
        [`https://example.com/${"abcdefgh/".repeat(452)}${"x/".repeat(10_000)}`, false],
      ],
    ],
    "4 KB query expression": [
      `https://example.com/s{?${names}}`,
      [
        [`https://example.com/s?v0=${"x".repeat(20_000)}`, true],
        [`https://example.com/s?v0=${"x".repeat(20_000)}&v0=x`, false],
      ],
    ],
    "adjacent greedy expressions": [
      "https://example.com/{+a}x{+b}x{+c}x{+d}x{+e}y",
      [
        [`https://example.com/${"x".repeat(20_000)}y`, true],
        [`https://example.com/${"x".repeat(20_000)} y`, false],
      ],
    ],
  };
  for (const [name, [template, topics]] of Object.entries(cases)) {
    it(`${name} (${template.length} characters)`, () => {
      expect(template.length).toBeLessThanOrEqual(MAX_SELECTOR_LENGTH);
      const matcher = compileSelector(template);
      expect(matcher.states).toBeLessThanOrEqual(5 * template.length);
      for (const [topic, expected] of topics) matchCounted(matcher, topic, expected);
    });
  }
});

describe("selector budgets (finding 2)", () => {
  const compile = (pattern: string, budget: SelectorBudget, kind: SelectorKind = "template"): TopicMatcher =>
    compileSelector(pattern, kind, { budget });

  it("defaults to 2,000 states and 8 KiB of text; limits are checked", () => {
    expect([DEFAULT_SELECTOR_STATE_BUDGET, DEFAULT_SELECTOR_CHAR_BUDGET]).toEqual([2000, 8192]);
    expect(createSelectorBudget()).toEqual({ states: 2000, chars: 8192 });
    expect(createSelectorBudget({ states: 10 })).toEqual({ states: 10, chars: 8192 });
    expect(createSelectorBudget({ chars: 0 })).toEqual({ states: 2000, chars: 0 });
    for (const bad of [-1, Number.NaN, "5" as unknown as number]) {
      expect(() => createSelectorBudget({ states: bad })).toThrow(RangeError);
      expect(() => createSelectorBudget({ chars: bad })).toThrow(RangeError);
    }
  });

  it("each selector takes its states and its length from the budget", () => {
    const budget = createSelectorBudget();
    const template = compile("https://example.com/books/{id}", budget);
    expect(template.states).toBeGreaterThan(0);
    expect(budget).toEqual({ states: 2000 - template.states, chars: 8192 - template.pattern.length });
    const pattern = compile(`https://example.com/${groups(4)}`, budget, "urlpattern");
    expect(pattern.states).toBeGreaterThan(0);
    const exact = compile("https://example.com/a", budget, "exact");
    const all = compile("*", budget);
    expect([exact.states, all.states]).toEqual([0, 0]);
    const text = [template, pattern, exact, all].reduce((sum, matcher) => sum + matcher.pattern.length, 0);
    expect(budget).toEqual({ states: 2000 - template.states - pattern.states, chars: 8192 - text });
  });

  it("a selector longer than the text left is refused before it is compiled; the budget is unchanged", () => {
    const fits = "https://example.com/{a}/{b}";
    const budget = createSelectorBudget({ chars: fits.length });
    expect(refusal(() => compile(`${fits}/`, budget))).toBe("selector-budget");
    expect(budget).toEqual({ states: 2000, chars: fits.length });
    compile(fits, budget);
    expect(budget.chars).toBe(0);
    expect(refusal(() => compile("*", budget))).toBe("selector-budget");
  });

  it("a selector needing more states than are left is refused; the budget is unchanged", () => {
    const needs = compileSelector("https://example.com/{a}/{b}").states;
    const budget = createSelectorBudget({ states: needs - 1 });
    expect(refusal(() => compile("https://example.com/{a}/{b}", budget))).toBe("selector-budget");
    expect(budget).toEqual({ states: needs - 1, chars: 8192 });
    const exactFit = createSelectorBudget({ states: needs });
    compile("https://example.com/{a}/{b}", exactFit);
    expect(exactFit.states).toBe(0);
    expect(refusal(() => compile("https://example.com/{c}", exactFit))).toBe("selector-budget");
    expect(refusal(() => compile(`https://example.com/${groups(16)}.z`, exactFit, "urlpattern"))).toBe(
      "selector-budget",
    );
    // Selectors without states still fit while text remains.
    expect(compile("https://example.com/c", exactFit).exact).toBe(true);
  });

  it("a template far beyond the per-selector cap is refused as over budget, stopped at the budget", () => {
    const huge = "{a:9999}{b:9999}{c:9999}";
    expect(refusal(() => compile(huge, createSelectorBudget()))).toBe("selector-budget");
    // Without a budget the per-selector cap (20,000 states) refuses it.
    expect(refusal(() => compileSelector(huge))).toBe("invalid-selector");
  });

  it("200 selectors of one request: compiled until the budget runs out, never beyond", () => {
    const budget = createSelectorBudget();
    let compiled = 0;
    let states = 0;
    for (let i = 0; i < 200; i++) {
      const code = refusal(() => {
        states += compile(`https://example.com/books${i}/{id}/{rest}`, budget).states;
      });
      if (code !== undefined) {
        expect(code).toBe("selector-budget");
        continue;
      }
      compiled++;
    }
    expect(compiled).toBeGreaterThan(0);
    expect(compiled).toBeLessThan(200);
    expect(states).toBeLessThanOrEqual(DEFAULT_SELECTOR_STATE_BUDGET);
    expect(budget.states).toBe(DEFAULT_SELECTOR_STATE_BUDGET - states);
  });

  it("a budget holding NaN refuses rather than lets everything through", () => {
    expect(refusal(() => compile("a", { states: 10, chars: Number.NaN }))).toBe("selector-budget");
    expect(refusal(() => compile("https://example.com/{a}", { states: Number.NaN, chars: 100 }))).toBe(
      "selector-budget",
    );
  });
});
