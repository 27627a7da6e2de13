// HMAC-SHA256 (RFC 2104 over FIPS 180-4) in plain script, for runtimes whose native HMAC costs more per call
// than hashing a token's few blocks here (see hmac-fast-path.ts). The key's padded blocks are hashed once, so
// a message costs only its own blocks and one for the outer hash.

/** The first `count` primes. */
function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let candidate = 2; primes.length < count; candidate++) {
    if (primes.every((prime) => candidate % prime !== 0)) primes.push(candidate);
  }
  return primes;
}

/** The first 32 bits of the fractional part of `x`. */
function fraction32(x: number): number {
  return Math.floor((x - Math.floor(x)) * 2 ** 32) >>> 0;
}

// FIPS 180-4 §4.2.2 and §5.3.3: fractional parts of the cube roots of the first 64 primes and of the square
// roots of the first 8 (exact in double precision for these small primes; the tests compare with node:crypto).
// Signed words throughout: V8 keeps an int32 unboxed, while a Uint32Array element of 2^31 or more reads as a
// double (the same bits either way; about 12% quicker per MAC on Node).
const ROUND_CONSTANTS = Int32Array.from(firstPrimes(64), (prime) => fraction32(Math.cbrt(prime)));
const INITIAL_STATE = Int32Array.from(firstPrimes(8), (prime) => fraction32(Math.sqrt(prime)));

const BLOCK_BYTES = 64;
// Scratch space: hashing is synchronous, so one set serves every call.
const schedule = new Int32Array(64);
const block = new Int32Array(16);

/** Folds one 16-word block into `state`. */
function compress(state: Int32Array, words: Int32Array): void {
  const w = schedule;
  for (let i = 0; i < 16; i++) w[i] = words[i]!;
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!;
    const b = w[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + ROUND_CONSTANTS[i]! + w[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/** Reads the 64 bytes of `text` from `at` (one byte per character: Latin-1) into `block`. */
function readBlock(text: string, at: number): void {
  for (let i = 0; i < 16; i++) {
    const c = at + 4 * i;
    block[i] =
      (text.charCodeAt(c) << 24) |
      (text.charCodeAt(c + 1) << 16) |
      (text.charCodeAt(c + 2) << 8) |
      text.charCodeAt(c + 3);
  }
}

/** Zeroes `block` (a loop: `fill` is a call into the engine's C++ here). */
function clearBlock(): void {
  for (let i = 0; i < 16; i++) block[i] = 0;
}

/**
 * Hashes `text` from `from` on into `state`, which has already absorbed `absorbed` bytes, and pads: `state`
 * then holds the digest.
 */
function finish(state: Int32Array, absorbed: number, text: string, from: number): void {
  let at = from;
  for (; at + BLOCK_BYTES <= text.length; at += BLOCK_BYTES) {
    readBlock(text, at);
    compress(state, block);
  }
  clearBlock();
  const rest = text.length - at;
  for (let j = 0; j < rest; j++) block[j >> 2]! |= text.charCodeAt(at + j) << (24 - 8 * (j & 3));
  block[rest >> 2]! |= 0x80 << (24 - 8 * (rest & 3));
  // No room for the 64-bit length after the 0x80 byte: it goes in a block of its own.
  if (rest >= BLOCK_BYTES - 8) {
    compress(state, block);
    clearBlock();
  }
  const bits = (absorbed + text.length - from) * 8;
  block[14] = Math.floor(bits / 2 ** 32);
  block[15] = bits >>> 0;
  compress(state, block);
}

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** The state after absorbing one block of `key` XOR `pad` (RFC 2104's ipad/opad). */
function padState(key: Uint8Array, pad: number): Int32Array {
  const state = INITIAL_STATE.slice();
  const words = new Int32Array(16);
  for (let j = 0; j < BLOCK_BYTES; j++) words[j >> 2]! |= ((key[j] ?? 0) ^ pad) << (24 - 8 * (j & 3));
  compress(state, words);
  return state;
}

/**
 * HMAC-SHA256 with `secret`: a function from a message (Latin-1: every character below 256; a JWS signing
 * input is ASCII) to its 32-byte MAC, written into one array that the next call overwrites (no allocation per
 * message: the caller compares it and lets go).
 */
export function hmacSha256(secret: Uint8Array): (message: string) => Uint8Array {
  let key = secret;
  if (key.length > BLOCK_BYTES) {
    // RFC 2104 §2: a key longer than a block is hashed first.
    const digest = INITIAL_STATE.slice();
    finish(digest, 0, latin1(key), 0);
    key = new Uint8Array(32);
    for (let i = 0; i < 32; i++) key[i] = digest[i >> 2]! >>> (24 - 8 * (i & 3));
  }
  const inner = padState(key, 0x36);
  const outer = padState(key, 0x5c);
  const state = new Int32Array(8);
  const outerBlock = new Int32Array(16);
  const mac = new Uint8Array(32);
  // One issuer's tokens mostly begin alike (the same header, the first claims' names): the state after a
  // message's first block is kept, and a message that begins with the same block starts from it.
  let firstBlock = "";
  const afterFirstBlock = new Int32Array(8);
  return (message) => {
    if (firstBlock.length > 0 && message.startsWith(firstBlock)) {
      state.set(afterFirstBlock);
      finish(state, 2 * BLOCK_BYTES, message, BLOCK_BYTES);
    } else if (message.length >= BLOCK_BYTES) {
      state.set(inner);
      readBlock(message, 0);
      compress(state, block);
      afterFirstBlock.set(state);
      firstBlock = message.slice(0, BLOCK_BYTES);
      finish(state, 2 * BLOCK_BYTES, message, BLOCK_BYTES);
    } else {
      state.set(inner);
      finish(state, BLOCK_BYTES, message, 0);
    }
    // The outer hash: the outer pad's state, then the 32-byte inner digest, padded, in one block.
    outerBlock.set(state);
    outerBlock[8] = 0x80000000;
    for (let i = 9; i < 15; i++) outerBlock[i] = 0;
    outerBlock[15] = (BLOCK_BYTES + 32) * 8;
    state.set(outer);
    compress(state, outerBlock);
    for (let i = 0; i < 32; i++) mac[i] = state[i >> 2]! >>> (24 - 8 * (i & 3));
    return mac;
  };
}
