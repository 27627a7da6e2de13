import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  compileSelector,
  isSseError,
  MAX_SELECTOR_LENGTH,
  type SelectorKind,
  type SseErrorCode,
} from "../src/index.ts";

function refused(pattern: string, kind: SelectorKind, code: SseErrorCode): void {
  assert.throws(
    () => compileSelector(pattern, kind),
    (error: unknown) => isSseError(error) && error.code === code,
    `${kind} ${pattern} should be refused with ${code}`,
  );
}

describe("selectors: * and exact", () => {
  for (const kind of ["template", "exact", "urlpattern"] as const) {
    test(`* matches every topic (${kind})`, () => {
      const matcher = compileSelector("*", kind);
      assert.equal(matcher("https://example.com/a"), true);
      assert.equal(matcher("urn:x"), true);
      assert.equal(matcher.wildcard, true);
      assert.equal(matcher.exact, false);
    });

    test(`a selector longer than ${MAX_SELECTOR_LENGTH} characters is refused (${kind})`, () => {
      refused(`https://example.com/${"a".repeat(MAX_SELECTOR_LENGTH)}`, kind, "selector-too-long");
    });
  }

  test("exact matches only the same string, byte for byte", () => {
    const matcher = compileSelector("https://example.com/books/{id}", "exact");
    assert.equal(matcher("https://example.com/books/{id}"), true);
    assert.equal(matcher("https://example.com/books/1"), false);
    assert.equal(matcher("https://example.com/books/{ID}"), false);
    assert.deepEqual(
      [matcher.exact, matcher.wildcard, matcher.kind, matcher.pattern],
      [true, false, "exact", "https://example.com/books/{id}"],
    );
  });

  test("template is the default kind; a template without expressions is exact", () => {
    const matcher = compileSelector("https://example.com/users/dunglas");
    assert.equal(matcher.kind, "template");
    assert.equal(matcher.exact, true);
    assert.equal(matcher("https://example.com/users/dunglas"), true);
    assert.equal(matcher("https://example.com/users/dunglas/"), false);
  });

  test("an unknown kind is refused", () => {
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
    test(`${template} ${expected ? "matches" : "does not match"} ${topic}`, () => {
      const matcher = compileSelector(template);
      assert.equal(matcher(topic), expected);
      assert.equal(matcher.exact, false);
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
    test(`malformed template ${template} is refused`, () =>
      refused(template, "template", "invalid-selector"));
  }

  test("a template that would need too many states is refused", () => {
    refused("{a:9999}{b:9999}{c:9999}", "template", "invalid-selector");
  });

  test("matching never backtracks: adjacent greedy expressions on a long non-matching topic", () => {
    const matcher = compileSelector("https://example.com/{+a}x{+b}x{+c}x{+d}x{+e}y");
    assert.equal(matcher(`https://example.com/${"x".repeat(20_000)}`), false);
  });
});

describe("selectors: URL Pattern (draft-08)", () => {
  test("named groups match one path segment", () => {
    const matcher = compileSelector("https://example.com/books/:id", "urlpattern");
    assert.equal(matcher("https://example.com/books/1"), true);
    assert.equal(matcher("https://example.com/books/1/reviews"), false);
    assert.equal(matcher("https://example.com/users/1"), false);
    assert.deepEqual([matcher.exact, matcher.wildcard, matcher.kind], [false, false, "urlpattern"]);
  });

  test("the spec's payload example: https://example.com/bar/:id", () => {
    const matcher = compileSelector("https://example.com/bar/:id", "urlpattern");
    assert.equal(matcher("https://example.com/bar/42"), true);
    assert.equal(matcher("https://example.com/foo"), false);
  });

  test("wildcards", () => {
    const matcher = compileSelector("https://example.com/*", "urlpattern");
    assert.equal(matcher("https://example.com/a/b/c"), true);
    assert.equal(matcher("https://example.org/a"), false);
  });

  test("a topic that is not a URL does not match", () => {
    assert.equal(compileSelector("https://example.com/*", "urlpattern")("urn:ssehub:counter"), false);
    assert.equal(compileSelector("https://example.com/*", "urlpattern")("not a url"), false);
  });

  test("a relative pattern matches relative topics, resolved against baseURL", () => {
    const pattern = "/.well-known/mercure/subscriptions/:topic/:subscriber";
    const matcher = compileSelector(pattern, "urlpattern");
    assert.equal(matcher("/.well-known/mercure/subscriptions/a/b"), true);
    const onHub = compileSelector(pattern, "urlpattern", { baseURL: "https://hub.example.com/" });
    assert.equal(onHub("https://hub.example.com/.well-known/mercure/subscriptions/a/b"), true);
    assert.equal(onHub("https://elsewhere.example.com/.well-known/mercure/subscriptions/a/b"), false);
  });

  test("custom regular-expression groups are refused, never run", () => {
    refused("https://example.com/books/:id(\\d+)", "urlpattern", "selector-regexp-group");
    refused("https://example.com/books/(\\d+)", "urlpattern", "selector-regexp-group");
    refused("https://example.com/(a+)+b", "urlpattern", "selector-regexp-group");
  });

  test("patterns that could backtrack badly are refused", () => {
    refused("https://example.com/:a-:b", "urlpattern", "invalid-selector");
    refused("https://example.com/*/x/*/y/*", "urlpattern", "invalid-selector");
  });

  test("a malformed pattern is refused", () => {
    refused("https://example.com/:", "urlpattern", "invalid-selector");
    refused("urn:ssehub:counter", "urlpattern", "invalid-selector");
  });
});
