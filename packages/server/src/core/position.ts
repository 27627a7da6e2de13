// A resume position names a place in a broker's order without naming an update: `#<epoch>.<seq>`. Mercure
// forbids publisher ids starting with `#`, so a position never equals an update id and reveals none.

const EPOCH = /^[A-Za-z0-9]{1,32}$/;
// Base 10 without leading zeros, so one place has one spelling; at most 16 digits (safe integers).
const SEQ = /^(?:0|[1-9][0-9]{0,15})$/;
const EPOCH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const EPOCH_LENGTH = 16;

/** `"#" + epoch + "." + seq`: the position after the entry numbered `seq` in the history named `epoch`. */
export function formatPosition(epoch: string, seq: number): string {
  return `#${epoch}.${seq}`;
}

/** The epoch and seq of a position, or undefined when `text` is not one (an update id, `earliest`, junk). */
export function parsePosition(text: string): { epoch: string; seq: number } | undefined {
  if (!text.startsWith("#")) return undefined;
  const dot = text.indexOf(".");
  if (dot < 0) return undefined;
  const epoch = text.slice(1, dot);
  const digits = text.slice(dot + 1);
  if (!EPOCH.test(epoch) || !SEQ.test(digits)) return undefined;
  const seq = Number(digits);
  return Number.isSafeInteger(seq) ? { epoch, seq } : undefined;
}

/** A fresh random epoch (16 letters or digits, ~95 bits), for a broker that starts a new history. */
export function newEpoch(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(EPOCH_LENGTH));
  let epoch = "";
  // 256 is not a multiple of 62: the slight bias toward the first letters does not matter for uniqueness.
  for (const byte of bytes) epoch += EPOCH_ALPHABET[byte % EPOCH_ALPHABET.length];
  return epoch;
}
