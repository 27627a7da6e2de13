// Every expansion of a template must match it: uri-templates (tested against the official RFC 6570 suite)
// expands random values, and the compiled selector must accept each result.

import fc from "fast-check";
import uriTemplates from "uri-templates";
import { describe, expect, it } from "vitest";
import { compileSelector } from "../src/index.ts";

// Typed by test/types for tsc; Deno types the untyped CommonJS module on its own, so the shape is restated.
const uriTemplate = uriTemplates as unknown as (template: string) => {
  fill(values: Record<string, unknown>): string;
};

const SEED = Number(globalThis.process?.env?.FC_SEED ?? 20261124);

const templates = [
  "https://example.com/books/{id}",
  "https://example.com/{a,b}/x",
  "https://example.com/{+path}/end",
  "https://example.com/x{#frag,more}",
  "https://example.com/file{.ext,other}",
  "https://example.com/root{/a,b}",
  "https://example.com/map{;x,y,empty}",
  "https://example.com/search{?q,lang}",
  "https://example.com/search{?q}{&page,size}",
  "https://example.com/{id:3}/{+rest:5}",
  "https://example.com{/path*}{?query*}",
  "https://example.com/list{.items*}{;params*}",
  "https://example.com/{#all*}",
  "/.well-known/mercure/subscriptions/{topic}/{subscriber}",
];

// encodeURIComponent, used by uri-templates, leaves !'()* unencoded where RFC 6570 encodes them, so
// values avoid those five; everything else, reserved characters, spaces and non-ASCII included, appears.
const char = fc.constantFrom(..."aZ09-._~:/?#[]@$&+,;= %é€😀".split(/(?:)/u));
const text = fc.array(char, { maxLength: 6 }).map((chars) => chars.join(""));
// uri-templates cuts a prefix in UTF-16 units and then fails on the half surrogate: no astral characters.
const bmpText = fc
  .array(
    char.filter((c) => c.length === 1),
    { maxLength: 6 },
  )
  .map((chars) => chars.join(""));
const stringOrUndefined = fc.option(bmpText, { nil: undefined });
const value = fc.oneof(
  text,
  fc.array(text, { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), text, { minKeys: 1, maxKeys: 3 }),
  fc.constant(undefined),
);

describe("RFC 6570 templates: every expansion matches", () => {
  for (const template of templates) {
    it(template, () => {
      const matcher = compileSelector(template);
      const expand = uriTemplate(template);
      const names = [...template.matchAll(/[{,]([+#./;?&]?)([A-Za-z_.]+)/g)].map((match) => match[2]!);
      // Prefix modifiers do not apply to lists and maps (RFC 6570 §2.4.1): such templates get strings only.
      const values = template.includes(":") && /\{[^}]*:\d/.test(template) ? stringOrUndefined : value;
      fc.assert(
        fc.property(fc.array(values, { minLength: names.length, maxLength: names.length }), (assigned) => {
          const assignment = Object.fromEntries(names.map((name, i) => [name, assigned[i]]));
          const uri = expand.fill(assignment);
          expect(matcher(uri), `${template} should match its expansion ${uri}`).toBeTruthy();
        }),
        { seed: SEED, numRuns: 150 },
      );
    });
  }
});
