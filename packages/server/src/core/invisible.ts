// Mercure: topics, ids and types are UTF-8 without control characters. Refused: C0, DEL, C1, and the Unicode
// format characters (Cf: zero-width space, bidi controls, BOM, tags…), which make two different strings look the
// same and which some HTTP stacks refuse in a header (a resume id travels back in `Last-Event-ID`).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\p{Cf}]/u;

/** True when `text` holds a control or format character. */
export function hasInvisible(text: string): boolean {
  return INVISIBLE.test(text);
}
