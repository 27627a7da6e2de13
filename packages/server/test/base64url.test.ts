import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64urlMatches, decodeBase64urlInto, isBase64url } from "../src/auth/base64url.ts";

const encode = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("base64urlMatches (the signature comparison of the HMAC fast path)", () => {
  it("accepts the encoding of every length 0–70, and no text one character away from it", () => {
    for (let length = 0; length <= 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (37 * i + length) & 0xff);
      const text = encode(bytes);
      expect(base64urlMatches(text, bytes), `${length} bytes`).toBe(true);
      for (let at = 0; at < text.length; at++) {
        // Every other character of the alphabet, and characters outside it (base64's own, padding, non-ASCII).
        for (const other of [...ALPHABET, "+", "/", "=", ".", "\u00c1", "\u0141", "\u{1f600}"]) {
          if (other === text[at]) continue;
          const changed = text.slice(0, at) + other + text.slice(at + 1);
          expect(base64urlMatches(changed, bytes), `${changed} for ${length} bytes`).toBe(false);
        }
      }
      expect(base64urlMatches(`${text}A`, bytes)).toBe(false);
      if (length > 0) expect(base64urlMatches(text.slice(1), bytes)).toBe(false);
      expect(base64urlMatches(`${text}=`, bytes)).toBe(false);
    }
  });

  it("says what comparing with the encoding says, for any bytes and any text", () => {
    const textOf = fc.oneof(
      fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 50 }),
      fc.string({ unit: "binary", maxLength: 50 }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 36 }), textOf, (bytes, text) => {
        expect(base64urlMatches(text, bytes)).toBe(text === encode(bytes));
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  it("refuses a non-canonical last character (unused low bits set), which decodes to the same bytes", () => {
    const bytes = Uint8Array.of(0xff); // "_w": the second character carries 2 bits, its 4 low ones unused
    expect(encode(bytes)).toBe("_w");
    expect(Buffer.from("_x", "base64url")).toEqual(Buffer.from(bytes));
    expect(base64urlMatches("_w", bytes)).toBe(true);
    expect(base64urlMatches("_x", bytes)).toBe(false);
  });
});

describe("decodeBase64urlInto (the payload decoding of the HMAC fast path)", () => {
  it("decodes as Buffer.from(text, 'base64url') does, for any bytes, at every offset of a larger array", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encode(bytes);
        const into = new Uint8Array(300).fill(0xee);
        const length = decodeBase64urlInto(text, into);
        expect(length).toBe(bytes.length);
        expect(into.subarray(0, length)).toEqual(bytes);
        expect(into[length], "nothing written past the bytes").toBe(0xee);
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it("ignores the unused low bits of the last character, as Buffer does", () => {
    const into = new Uint8Array(4);
    expect(decodeBase64urlInto("_x", into)).toBe(1);
    expect(into[0]).toBe(Buffer.from("_x", "base64url")[0]);
  });

  it("writes nothing and gives -1 when the bytes would not fit", () => {
    const into = new Uint8Array(3).fill(1);
    expect(decodeBase64urlInto(encode(Uint8Array.of(1, 2, 3, 4)), into)).toBe(-1);
    expect(into).toEqual(Uint8Array.of(1, 1, 1));
    expect(decodeBase64urlInto(encode(Uint8Array.of(7, 8, 9)), into)).toBe(3);
    expect(into).toEqual(Uint8Array.of(7, 8, 9));
  });
});

describe("isBase64url (what the HMAC fast path decodes)", () => {
  it("takes the encoding of any bytes but none, and refuses padding, base64's own characters and a lone sextet", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 60 }), (bytes) => {
        expect(isBase64url(encode(bytes))).toBe(true);
      }),
      { numRuns: 500, seed: 9 },
    );
    for (const text of ["", "QQ==", "a+b/", "abcde", "ab.c", "ab c", "\u00e9abc"]) {
      expect(isBase64url(text), JSON.stringify(text)).toBe(false);
    }
  });
});
