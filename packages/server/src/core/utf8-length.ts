// Found by the regex engine's compiled scan, which is quicker than a loop over each code unit in script.
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The UTF-8 length of `text` as an encoder writes it (a lone surrogate becomes U+FFFD: 3 bytes), without
 * encoding it. Counting stops once past `limit`: a result above `limit` says only that the text is longer.
 */
export function utf8Length(text: string, limit = Number.POSITIVE_INFINITY): number {
  let bytes = text.length;
  // Past the limit in code units already (each is at least a byte): a hostile 4 MB topic is not even scanned.
  if (bytes > limit || !NON_ASCII.test(text)) return bytes;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
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
