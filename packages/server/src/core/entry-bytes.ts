import type { Update } from "@ssehub/protocol";

/** What an update costs against `historyMaxBytes`: the UTF-8 bytes of its id, data, type and topics. */
export function entryBytes(update: Update): number {
  let bytes = utf8Length(update.id) + utf8Length(update.data);
  if (update.type !== undefined) bytes += utf8Length(update.type);
  for (const topic of update.topics) bytes += utf8Length(topic);
  return bytes;
}

// Found by the regex engine's compiled scan, which is quicker than a loop over each code unit in script.
const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-8 length without encoding (a lone surrogate counts as the 3 bytes of the U+FFFD it becomes). */
function utf8Length(text: string): number {
  let bytes = text.length;
  if (!NON_ASCII.test(text)) return bytes;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) {
      bytes += 1;
    } else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      // A pair: 2 code units, 4 bytes.
      bytes += 2;
      i++;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
