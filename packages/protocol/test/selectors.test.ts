import { describe, expect, it } from "vitest";
import {
  compileSelector,
  countMatchSteps,
  createSelectorBudget,
  MAX_SELECTOR_LENGTH,
  type SelectorKind,
  type SseErrorCode,
} from "../src/index.ts";

function refused(pattern: string, kind: SelectorKind, code: SseErrorCode): void {
  expect(() => compileSelector(pattern, kind), `${kind} ${pattern} should be refused with ${code}`).toThrow(
    expect.objectContaining({ name: "SseError", code }),
  );
}

describe("selectors: * and exact", () => {
  for (const kind of ["template", "exact", "urlpattern"] as const) {
    it(`* matches every topic (${kind})`, () => {
      const matcher = compileSelector("*", kind);
      expect(matcher("https://example.com/a")).toBe(true);
      expect(matcher("urn:x")).toBe(true);
      expect(matcher.wildcard).toBe(true);
      expect(matcher.exact).toBe(false);
      expect(matcher.kind).toBe(kind);
    });

    it(`* is one frozen matcher, shared by every compilation, charged to a budget all the same (${kind})`, () => {
      const budget = createSelectorBudget({ chars: 2 });
      const first = compileSelector("*", kind, { budget });
      expect(compileSelector("*", kind, { budget })).toBe(first);
      expect(budget.chars).toBe(0);
      expect(() => compileSelector("*", kind, { budget })).toThrow(
        expect.objectContaining({ code: "selector-budget" }),
      );
      expect(Object.isFrozen(first)).toBe(true);
    });

    it(`a selector longer than ${MAX_SELECTOR_LENGTH} characters is refused (${kind})`, () => {
      refused(`https://example.com/${"a".repeat(MAX_SELECTOR_LENGTH)}`, kind, "selector-too-long");
    });
  }

  it("exact matches only the same string, byte for byte", () => {
    const matcher = compileSelector("https://example.com/books/{id}", "exact");
    expect(matcher("https://example.com/books/{id}")).toBe(true);
    expect(matcher("https://example.com/books/1")).toBe(false);
    expect(matcher("https://example.com/books/{ID}")).toBe(false);
    expect([matcher.exact, matcher.wildcard, matcher.kind, matcher.pattern]).toStrictEqual([
      true,
      false,
      "exact",
      "https://example.com/books/{id}",
    ]);
  });

  it("template is the default kind; a template without expressions is exact", () => {
    const matcher = compileSelector("https://example.com/users/dunglas");
    expect(matcher.kind).toBe("template");
    expect(matcher.exact).toBe(true);
    expect(matcher("https://example.com/users/dunglas")).toBe(true);
    expect(matcher("https://example.com/users/dunglas/")).toBe(false);
  });

  it("an unknown kind is refused", () => {
    refused("a", "regexp" as SelectorKind, "invalid-selector");
  });
});

describe("selectors: RFC 6570 templates (draft-07)", () => {
  // [template, topic, matches]; the first group comes from the Mercure spec's examples.
  const cases: [string, string, boolean][] = [
    ["https://example.com/books/{id}", "https://example.com/books/1", true],
    ["https://example.com/books/{id}", "https://example.com/books/foo-bar_baz", true],
    ["https://example.com/books/{id}", "https://example.com/users/dunglas", false],
    ["https://example.com/books/{id}", "https://example.com/books/1/reviews", false],
    ["https://example.com/books/{id}", "https://example.com/books/1?page=2", false],
    ["https://example.com/books/{id}", "https://example.com/books/1#top", false],
    ["https://example.com/books/{id}", "https://example.org/books/1", false],
    ["https://example.com/books/{id}", "https://example.com/books/{id}", true],
    [
      "/.well-known/mercure/subscriptions/{topic}/{subscriber}",
      "/.well-known/mercure/subscriptions/https%3A%2F%2Fexample.com%2Fbooks%2F1/urn%3Auuid%3Abb3de268-05b0-4c65-b44e-8f9acefc29d6",
      true,
    ],
    [
      "/.well-known/mercure/subscriptions/https%3A%2F%2Fexample.com%2Fbooks%2F1/{subscriber}",
      "/.well-known/mercure/subscriptions/https%3A%2F%2Fexample.com%2Fbooks%2F1/urn%3Auuid%3Abb3de268",
      true,
    ],
    [
      "/.well-known/mercure/subscriptions/{topic}/{subscriber}",
      "/.well-known/mercure/subscriptions/https://example.com/books/1/urn:uuid:bb3de268",
      false,
    ],
    // Level 1: simple expansion allows unreserved characters and percent-encoding only.
    ["https://example.com/books/{id}", "https://example.com/books/caf%C3%A9", true],
    ["https://example.com/books/{id}", "https://example.com/books/café", false],
    ["https://example.com/books/{id}", "https://example.com/books/a:b", false],
    ["https://example.com/books/{id}", "https://example.com/books/%zz", false],
    ["https://example.com/books/{id}", "https://example.com/books/", true],
    ["https://example.com/books/{id}", "https://example.com/books/1,2", true],
    ["https://example.com/books/{id}.jsonld", "https://example.com/books/1.jsonld", true],
    ["https://example.com/{a}/{b}", "https://example.com/x/y", true],
    // Level 2: reserved and fragment expansion.
    ["https://example.com/{+path}", "https://example.com/a/b:c?d", true],
    ["https://example.com/{+path}/end", "https://example.com/a/b/end", true],
    ["https://example.com/x{#frag}", "https://example.com/x#a/b", true],
    ["https://example.com/x{#frag}", "https://example.com/x", true],
    ["https://example.com/x{#frag}", "https://example.com/xa", false],
    // Level 3: several variables and the other operators.
    ["https://example.com/search{?q,lang}", "https://example.com/search?q=cat&lang=en", true],
    ["https://example.com/search{?q,lang}", "https://example.com/search?q=cat", true],
    ["https://example.com/search{?q,lang}", "https://example.com/search?lang=en", true],
    ["https://example.com/search{?q,lang}", "https://example.com/search", true],
    ["https://example.com/search{?q,lang}", "https://example.com/search?lang=en&q=cat", false],
    ["https://example.com/search{?q,lang}", "https://example.com/search?x=1", false],
    ["https://example.com/search{?q}{&page}", "https://example.com/search?q=a&page=2", true],
    ["https://example.com/root{/a,b}", "https://example.com/root/x/y", true],
    ["https://example.com/root{/a,b}", "https://example.com/root/x/y/z", false],
    ["https://example.com/file{.ext}", "https://example.com/file.json", true],
    ["https://example.com/map{;x,y}", "https://example.com/map;x=1;y", true],
    ["https://example.com/map{;x,y}", "https://example.com/map;y=2", true],
    ["https://example.com/map{;x,y}", "https://example.com/map;z=2", false],
    // Level 4: prefix and explode modifiers.
    ["https://example.com/{id:3}", "https://example.com/abc", true],
    ["https://example.com/{id:3}", "https://example.com/abcd", false],
    ["https://example.com{/path*}", "https://example.com/a/b/c", true],
    ["https://example.com/find{?tags*}", "https://example.com/find?tags=a&tags=b", true],
    ["https://example.com/find{?params*}", "https://example.com/find?x=1&y=2", true],
    ["https://example.com/find{?params*}", "https://example.com/find?x=1&y", false],
  ];
  for (const [template, topic, expected] of cases) {
    it(`${template} ${expected ? "matches" : "does not match"} ${topic}`, () => {
      const matcher = compileSelector(template);
      expect(matcher(topic)).toBe(expected);
      expect(matcher.exact).toBe(false);
    });
  }

  for (const template of [
    "https://example.com/{",
    "https://example.com/{id",
    "{}",
    "{=x}",
    "{a b}",
    "{a:0}",
    "{a:10000}",
    "{a{b}}",
    "x}{a}",
  ]) {
    it(`malformed template ${template} is refused`, () => refused(template, "template", "invalid-selector"));
  }

  it("a template that would need too many states is refused", () => {
    refused("{a:9999}{b:9999}{c:9999}", "template", "invalid-selector");
  });

  it("matching never backtracks: adjacent greedy expressions on a long non-matching topic", () => {
    const matcher = compileSelector("https://example.com/{+a}x{+b}x{+c}x{+d}x{+e}y");
    expect(matcher(`https://example.com/${"x".repeat(20_000)}`)).toBe(false);
  });
});

describe("selectors: URL Pattern (draft-08)", () => {
  it("named groups match one path segment", () => {
    const matcher = compileSelector("https://example.com/books/:id", "urlpattern");
    expect(matcher("https://example.com/books/1")).toBe(true);
    expect(matcher("https://example.com/books/1/reviews")).toBe(false);
    expect(matcher("https://example.com/users/1")).toBe(false);
    expect([matcher.exact, matcher.wildcard, matcher.kind]).toStrictEqual([false, false, "urlpattern"]);
  });

  it("the spec's payload example: https://example.com/bar/:id", () => {
    const matcher = compileSelector("https://example.com/bar/:id", "urlpattern");
    expect(matcher("https://example.com/bar/42")).toBe(true);
    expect(matcher("https://example.com/foo")).toBe(false);
  });

  it("wildcards", () => {
    const matcher = compileSelector("https://example.com/*", "urlpattern");
    expect(matcher("https://example.com/a/b/c")).toBe(true);
    expect(matcher("https://example.org/a")).toBe(false);
  });

  it("a topic that is not a URL does not match", () => {
    expect(compileSelector("https://example.com/*", "urlpattern")("urn:ssehub:counter")).toBe(false);
    expect(compileSelector("https://example.com/*", "urlpattern")("not a url")).toBe(false);
  });

  it("a relative pattern matches relative topics, resolved against baseURL", () => {
    const pattern = "/.well-known/mercure/subscriptions/:topic/:subscriber";
    const matcher = compileSelector(pattern, "urlpattern");
    expect(matcher("/.well-known/mercure/subscriptions/a/b")).toBe(true);
    const onHub = compileSelector(pattern, "urlpattern", { baseURL: "https://hub.example.com/" });
    expect(onHub("https://hub.example.com/.well-known/mercure/subscriptions/a/b")).toBe(true);
    expect(onHub("https://elsewhere.example.com/.well-known/mercure/subscriptions/a/b")).toBe(false);
  });

  it("custom regular-expression groups are refused, never run", () => {
    refused("https://example.com/books/:id(\\d+)", "urlpattern", "selector-regexp-group");
    refused("https://example.com/books/(\\d+)", "urlpattern", "selector-regexp-group");
    refused("https://example.com/(a+)+b", "urlpattern", "selector-regexp-group");
  });

  it("patterns the old backtracking guard refused now work, in linear time", () => {
    const twoGroups = compileSelector("https://example.com/:a-:b", "urlpattern");
    expect(twoGroups("https://example.com/x-y-z")).toBe(true);
    expect(twoGroups("https://example.com/xyz")).toBe(false);
    const wildcards = compileSelector("https://example.com/*/x/*/y/*", "urlpattern");
    expect(wildcards("https://example.com/a/b/x/c/y/d")).toBe(true);
    expect(wildcards("https://example.com/a/b/x/c/d")).toBe(false);
    const topic = `https://example.com/${"-".repeat(5000)}`;
    expect(countMatchSteps(twoGroups, topic)).toBeLessThanOrEqual(3 * twoGroups.states * (topic.length + 1));
  });

  it("a malformed pattern is refused", () => {
    refused("https://example.com/:", "urlpattern", "invalid-selector");
    refused("urn:ssehub:counter", "urlpattern", "invalid-selector");
  });
});
