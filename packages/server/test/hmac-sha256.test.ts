import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hmacSha256 } from "../src/auth/hmac-sha256.ts";

// A JWS signing input's characters.
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

/** `length` characters cycling through `alphabet`, from a start that differs with `length`. */
function text(length: number, alphabet: string): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[(7 * i + length) % alphabet.length];
  return out;
}

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);
/** The MAC as text, read at once: the next call overwrites the array it is written into. */
const base64url = (mac: Uint8Array) => Buffer.from(mac).toString("base64url");

describe("hmacSha256 (the script HMAC of the fast path)", () => {
  it("matches node:crypto for every message length 0–300 and keys around the block size", () => {
    // Key lengths at the edges of RFC 2104: empty, short, one block, past a block (hashed first).
    for (const keyLength of [0, 1, 31, 32, 63, 64, 65, 100, 200]) {
      const key = Uint8Array.from({ length: keyLength }, (_, i) => (31 * i + keyLength) & 0xff);
      const mac = hmacSha256(key);
      for (let length = 0; length <= 300; length++) {
        const message = text(length, BASE64URL);
        const expected = createHmac("sha256", key).update(message).digest("base64url");
        expect(base64url(mac(message)), `key of ${keyLength} bytes, message of ${length}`).toBe(expected);
      }
    }
  });

  it("reads a message one byte per character (Latin-1), as node:crypto does given `latin1`", () => {
    const key = new TextEncoder().encode("a-test-secret-that-is-long-enough-for-hs256");
    const mac = hmacSha256(key);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const message = latin1(bytes);
        const expected = createHmac("sha256", key).update(message, "latin1").digest("base64url");
        expect(base64url(mac(message))).toBe(expected);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it("matches node:crypto across messages that share their first block and messages that do not, in any order", () => {
    // The state after a first block is kept for the next message that begins with the same 64 bytes: a run of
    // tokens of one issuer, broken by other first blocks, short messages and one of exactly one block.
    const key = new TextEncoder().encode("a-test-secret-that-is-long-enough-for-hs256");
    const mac = hmacSha256(key);
    const shared = text(64, BASE64URL);
    const other = `${shared.slice(0, 63)}_`;
    const message = fc.oneof(
      fc.constant(shared),
      fc.constant(other),
      fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 200 }).map((rest) => shared + rest),
      fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 200 }).map((rest) => other + rest),
      fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 130 }),
    );
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 12 }), (messages) => {
        for (const m of messages) {
          const expected = createHmac("sha256", key).update(m).digest("base64url");
          expect(base64url(mac(m)), m).toBe(expected);
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("answers RFC 4231's test cases 1, 2 and 6", () => {
    const cases: [Uint8Array, string, string][] = [
      [
        new Uint8Array(20).fill(0x0b),
        "Hi There",
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
      ],
      [
        new TextEncoder().encode("Jefe"),
        "what do ya want for nothing?",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
      ],
      [
        new Uint8Array(131).fill(0xaa),
        "Test Using Larger Than Block-Size Key - Hash Key First",
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
      ],
    ];
    for (const [key, message, hex] of cases) {
      expect(base64url(hmacSha256(key)(message))).toBe(Buffer.from(hex, "hex").toString("base64url"));
    }
  });
});
