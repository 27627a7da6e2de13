import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formFields } from "../src/http/form-fields.ts";

/** The platform's parser: the reference, except that it drops a leading `?` (a query string's). */
function byURLSearchParams(text: string): [string, string][] {
  return [...new URLSearchParams(text.startsWith("?") ? `&${text}` : text)];
}

describe("form fields are parsed as the URL standard says", () => {
  it("reads names and values, + as a space, %XX as UTF-8 bytes, and skips empty pieces", () => {
    expect(formFields("topic=a&topic=b%2Fc&data=x+y%2B%C3%A9&&private")).toEqual([
      ["topic", "a"],
      ["topic", "b/c"],
      ["data", "x y+é"],
      ["private", ""],
    ]);
    expect(formFields("=v&n=&a=b=c&%74opic=t")).toEqual([
      ["", "v"],
      ["n", ""],
      ["a", "b=c"],
      ["topic", "t"],
    ]);
    expect(formFields("")).toEqual([]);
    expect(formFields("?topic=a")).toEqual([["?topic", "a"]]);
  });

  it("keeps a % without two hex digits and reads bytes that are not UTF-8 as U+FFFD, as the standard does", () => {
    expect(formFields("a=100%&b=%zz&c=%4&d=%E9t%C3%A9&e=%ED%A0%80")).toEqual([
      ["a", "100%"],
      ["b", "%zz"],
      ["c", "%4"],
      ["d", "\uFFFDt\u00E9"],
      ["e", "\uFFFD\uFFFD\uFFFD"],
    ]);
    // The bytes of "é" and then a lone continuation byte (Node's URLSearchParams drops the "é"; Bun's and
    // Deno's, like this parser, follow the standard).
    expect(formFields("\u00E9%A9")).toEqual([["\u00E9\uFFFD", ""]]);
  });

  it("agrees with URLSearchParams on any ASCII text of the characters that matter", () => {
    const unit = fc.constantFrom("a", "=", "&", "+", "%", "2", "B", "C3", "A9", "E9", "ED", "z", "?", " ");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 24 }), (units) => {
        const text = units.join("");
        expect(formFields(text)).toEqual(byURLSearchParams(text));
      }),
      { numRuns: 5000, seed: 7 },
    );
  });

  it("gives back any names and values, in order, that a client encoded", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 6 }), (fields) => {
        // Every field is written `name=value`, so none is an empty piece, not even two empty strings.
        const body = fields.map(([name, value]) => `${encodeForm(name)}=${encodeForm(value)}`).join("&");
        expect(formFields(body)).toEqual(fields);
      }),
      { numRuns: 2000, seed: 8 },
    );
  });

  it("looks at each character a bounded number of times, however the pieces are cut", () => {
    // Pieces without `=` before a far one: a parser that searched for `=` from each piece would read the
    // whole text once per piece. Counting the characters searched proves the bound without a clock.
    const text = `${"a&".repeat(50_000)}b=c`;
    const searched = countSearched(() => formFields(text));
    expect(searched).toBeLessThan(4 * text.length);
    expect(formFields(text)).toHaveLength(50_001);
  });
});

/** As a browser encodes a form: percent-encoded UTF-8, a space as `+`. */
function encodeForm(text: string): string {
  return encodeURIComponent(text).replaceAll("%20", "+");
}

/** Characters that `indexOf` searches through while `run` runs (counted by wrapping it for the call). */
function countSearched(run: () => void): number {
  const original = String.prototype.indexOf;
  let searched = 0;
  String.prototype.indexOf = function (this: string, search: string, from?: number) {
    const at = original.call(this, search, from);
    searched += (at < 0 ? this.length : at + search.length) - (from ?? 0);
    return at;
  };
  try {
    run();
  } finally {
    String.prototype.indexOf = original;
  }
  return searched;
}
