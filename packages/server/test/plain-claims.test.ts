import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPlainClaims } from "../src/auth/plain-claims.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => {
  const bytes = encode(text);
  return readPlainClaims(bytes, bytes.length);
};

/** What the hub reads of `JSON.parse(text)`, in the reader's shape: the claims it looks at, and `mercure`'s two. */
function pickedByJson(text: string): unknown {
  const payload = JSON.parse(text) as Record<string, unknown>;
  const { mercure } = payload;
  const isObject = typeof mercure === "object" && mercure !== null && !Array.isArray(mercure);
  return {
    mercure: isObject
      ? {
          publish: (mercure as Record<string, unknown>).publish,
          subscribe: (mercure as Record<string, unknown>).subscribe,
        }
      : mercure,
    exp: payload.exp,
    nbf: payload.nbf,
    iat: payload.iat,
    sub: payload.sub,
    iss: payload.iss,
    aud: payload.aud,
  };
}

// Plain payloads: what the reader gives must be what JSON.parse gives.
const plain = [
  '{"mercure":{"publish":["*"]},"iat":1796403880,"sub":"publisher-1"}',
  "{}",
  ' \t\r\n{ "sub" : "a" , "mercure" : { "subscribe" : [ "x" , "y" ] , "publish" : [ ] } } \n',
  '{"exp":0,"nbf":-0,"iat":1.5,"aud":["a","b"],"iss":"https://issuer.example/"}',
  '{"exp":1e3,"nbf":1E+2,"iat":-12.25e-3,"sub":"x"}',
  '{"exp":123456789012345,"nbf":1234567890123456789,"iat":0.1}',
  '{"sub":"first","sub":"last","mercure":{"publish":["a"]},"mercure":null}',
  '{"mercure":{"publish":["a"],"publish":["b"],"other":[1,true,null,"z"]}}',
  '{"mercure":["not","an","object"],"aud":"one"}',
  '{"jti":"id-1","name":"n","admin":true,"n":null,"list":[1,2.5,false],"exp":"text"}',
  '{"mercure":{},"sub":""}',
  `{"sub":"${"long-subject-".repeat(40)}","mercure":{"publish":["${"t".repeat(13)}"]}}`,
  '{"__proto__":"x","constructor":1,"toString":[]}',
];

// JSON, but outside the plain shape (or not an object): left to JSON.parse.
const outside = [
  "[]",
  '"text"',
  "1",
  "null",
  '{"sub":"caf\\u00e9"}',
  '{"m\\u0065rcure":{"publish":["*"]}}',
  '{"sub":"é"}',
  '{"mercure":{"publish":["*"],"payload":{"user":1}}}',
  '{"mercure":{"publish":["*"],"payload":"x"}}',
  '{"cnf":{"jkt":"x"}}',
  '{"mercure":{"publish":[["*"]]}}',
  '{"aud":[{"x":1}]}',
  '{"mercure":{"nested":{"publish":["*"]}}}',
];

// Not JSON at all: never accepted.
const invalid = [
  "",
  " ",
  "{",
  "}",
  '{"sub":"a",}',
  '{"sub":"a" "iss":"b"}',
  '{"sub" "a"}',
  "{sub:1}",
  "{'sub':1}",
  '{"exp":01}',
  '{"exp":1.}',
  '{"exp":.5}',
  '{"exp":+1}',
  '{"exp":1e}',
  '{"exp":1e+}',
  '{"exp":-}',
  '{"exp":NaN}',
  '{"exp":Infinity}',
  '{"exp":tru}',
  '{"exp":nul}',
  '{"exp":truex}',
  '{"sub":"tab\there"}',
  '{"sub":"unclosed}',
  '{"sub":"a"}x',
  '{"sub":"a"}{}',
  '{"sub":"a"}/* comment */',
  '{"aud":["a",]}',
  '{"aud":[,"a"]}',
  '{"aud":["a" "b"]}',
  '{"mercure":{"publish":["*"]}',
  '{"mercure":{"publish":["*"],}}',
  "\u00a0{}",
  "\f{}",
  '{"sub":\u000b"a"}',
];

describe("readPlainClaims (the payload reader of the HMAC fast path)", () => {
  it.each(plain)("reads %s as JSON.parse does", (text) => {
    expect(read(text)).toStrictEqual(pickedByJson(text));
  });

  it("keeps -0 and large numbers exactly as JSON.parse reads them", () => {
    const claims = read('{"exp":-0,"nbf":9007199254740993,"iat":1234567890.123456789}');
    expect(Object.is(claims?.exp, -0)).toBe(true);
    expect(claims?.nbf).toBe(JSON.parse("9007199254740993"));
    expect(claims?.iat).toBe(JSON.parse("1234567890.123456789"));
  });

  it.each(outside)("leaves %s to JSON.parse", (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(read(text)).toBeUndefined();
  });

  it.each(invalid)("accepts nothing of the non-JSON %j", (text) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(read(text)).toBeUndefined();
  });

  it("reads only the first `length` bytes (a reused buffer holds older bytes after them)", () => {
    const buffer = new Uint8Array(64).fill(0x41);
    const text = encode('{"sub":"a"}');
    buffer.set(text);
    expect(readPlainClaims(buffer, text.length)).toStrictEqual(pickedByJson('{"sub":"a"}'));
    expect(readPlainClaims(buffer, text.length - 1)).toBeUndefined();
    expect(readPlainClaims(buffer, text.length + 1)).toBeUndefined();
  });

  it("agrees with JSON.parse on 3,000 generated payloads and one-character mutations of them", () => {
    const names = [
      "mercure",
      "publish",
      "subscribe",
      "payload",
      "exp",
      "nbf",
      "iat",
      "sub",
      "iss",
      "aud",
      "jti",
      "",
    ];
    const scalar = fc.oneof(
      fc.constantFrom("true", "false", "null", "0", "-0", "1e3", "-1.5E-2", "12", "1234567890123456789"),
      fc.integer().map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
      fc
        .string({ unit: fc.constantFrom("a", "*", "/", " ", "é", "\\n", '\\"', "{", "]", ","), maxLength: 6 })
        .map((s) => `"${s}"`),
    );
    const space = fc.constantFrom("", " ", "\n", "\t ");
    const array = fc.array(scalar, { maxLength: 3 }).map((items) => `[${items.join(",")}]`);
    const member = (value: fc.Arbitrary<string>) =>
      fc.tuple(fc.constantFrom(...names), space, value).map(([name, s, v]) => `${s}"${name}"${s}:${s}${v}`);
    const inner = fc.array(member(fc.oneof(scalar, array)), { maxLength: 4 }).map((m) => `{${m.join(",")}}`);
    const payload = fc
      .array(member(fc.oneof(scalar, array, inner)), { maxLength: 6 })
      .map((members) => `{${members.join(",")}}`);
    const mutated = fc
      .tuple(payload, fc.nat(), fc.constantFrom("", ",", "}", "]", '"', "0", ".", "e", "-", " ", "x", "{"))
      .map(([text, at, char]) => {
        const i = at % (text.length + 1);
        return at % 2 === 0
          ? text.slice(0, i) + char + text.slice(i)
          : text.slice(0, i) + char + text.slice(i + 1);
      });
    let readByIt = 0;
    fc.assert(
      fc.property(fc.oneof(payload, mutated), (text) => {
        const claims = read(text);
        if (claims === undefined) return;
        readByIt++;
        expect(claims, text).toStrictEqual(pickedByJson(text));
        for (const key of ["exp", "nbf", "iat"] as const) {
          const parsed = (pickedByJson(text) as Record<string, unknown>)[key];
          if (typeof parsed === "number") expect(Object.is(claims[key], parsed), text).toBe(true);
        }
      }),
      { numRuns: 3000, seed: 2026 },
    );
    // A fifth of the cases are of the plain shape (the rest have escapes, non-ASCII, nesting or a mutation):
    // the comparison above ran on hundreds of them, not only on refusals.
    expect(readByIt).toBeGreaterThan(500);
  });
});
