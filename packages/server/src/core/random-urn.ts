import { runtimeName } from "../runtime/current.ts";

// Node defines the global `crypto` as a getter, which optimized code calls on every use: held once here.
const webCrypto = globalThis.crypto;

const PREFIX = "urn:uuid:";
const TEMPLATE = `${PREFIX}00000000-0000-4000-8000-000000000000`;
const UUIDS_PER_BATCH = 128;
const random = new Uint8Array(16 * UUIDS_PER_BATCH);
let used = UUIDS_PER_BATCH;
const text = new TextEncoder().encode(TEMPLATE);
const HEX_DIGITS = new TextEncoder().encode("0123456789abcdef");
// Where the UUID's 32 hex digits are in the text: byte i's two at HEX_AT[2i] and HEX_AT[2i + 1].
const HEX_AT: number[] = [];
for (let at = PREFIX.length; at < TEMPLATE.length; at++) if (TEMPLATE[at] !== "-") HEX_AT.push(at);
const ascii = new TextDecoder();

/** A URN written into one array from a batch of random bytes, then read as one string. */
function batchedUrn(): string {
  if (used === UUIDS_PER_BATCH) {
    webCrypto.getRandomValues(random);
    used = 0;
  }
  const offset = 16 * used++;
  for (let i = 0; i < 16; i++) {
    let byte = random[offset + i]!;
    // RFC 9562 §5.4: the version (4) in the high half of byte 6, the variant (binary 10) atop byte 8.
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    text[HEX_AT[2 * i]!] = HEX_DIGITS[byte >> 4]!;
    text[HEX_AT[2 * i + 1]!] = HEX_DIGITS[byte & 15]!;
  }
  return ascii.decode(text);
}

/**
 * A fresh `urn:uuid:` URN from a random (version 4) UUID: the ids the hub gives updates and subscribers. Node's
 * `randomUUID` joins its text from twenty pieces (a tree of strings, flattened when first written and kept with
 * the history entry): made here as one string instead, a Node publish costs ~0.8 µs less. Bun's and Deno's own
 * is quicker than this (0.13–0.17 µs against 0.27–0.39 µs a call in a loop), so they keep it.
 */
export const randomUrn: () => string =
  runtimeName === "node" ? batchedUrn : () => `${PREFIX}${webCrypto.randomUUID()}`;
