// Unpadded base64url (RFC 4648 §5) for the HMAC fast path, without the allocations of a Buffer and of an
// encoded string: a token the cache does not hold is decoded and compared on every request.

// The 6-bit value of each base64url character by its code, -1 for every other code below 128.
const SEXTETS = new Int8Array(128).fill(-1);
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
for (let i = 0; i < ALPHABET.length; i++) SEXTETS[ALPHABET.charCodeAt(i)] = i;

/** The 6-bit value of the character at `at`; -1 (which differs from every sextet) for any other character. */
function sextet(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code < 128 ? SEXTETS[code]! : -1;
}

/**
 * Whether `text` is exactly the unpadded base64url encoding of `bytes` (the one canonical text: unused low bits
 * of the last character zero), as `text === encode(bytes)` would say, but without making the encoding, and in
 * time that depends only on the lengths, which are public for a MAC: no early exit tells a forger how much of
 * a signature is right.
 */
export function base64urlMatches(text: string, bytes: Uint8Array): boolean {
  if (text.length !== Math.ceil((bytes.length * 4) / 3)) return false;
  let difference = 0;
  let held = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < bytes.length; i++) {
    held = (held << 8) | bytes[i]!;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      difference |= sextet(text, at++) ^ ((held >>> bits) & 63);
    }
    held &= (1 << bits) - 1;
  }
  if (bits > 0) difference |= sextet(text, at) ^ ((held << (6 - bits)) & 63);
  return difference === 0;
}

// Unpadded base64url: its alphabet only, and no length that leaves a lone 6-bit group.
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Whether `text` is a non-empty unpadded base64url text, as a JWS part must be. */
export function isBase64url(text: string): boolean {
  return text.length % 4 !== 1 && BASE64URL.test(text);
}

/**
 * Decodes `text`, already known to be unpadded base64url ({@link isBase64url}), into the
 * start of `into`, as `Buffer.from(text, "base64url")` does (the unused low bits of the last character are
 * ignored). Gives the number of bytes written, or -1 when they would not fit.
 */
export function decodeBase64urlInto(text: string, into: Uint8Array): number {
  const length = Math.floor((text.length * 3) / 4);
  if (length > into.length) return -1;
  let held = 0;
  let bits = 0;
  let written = 0;
  for (let at = 0; at < text.length; at++) {
    held = ((held << 6) | SEXTETS[text.charCodeAt(at)]!) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      into[written++] = held >>> bits;
    }
  }
  return written;
}
