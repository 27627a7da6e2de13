const utf8Lenient = new TextDecoder("utf-8", { ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/**
 * The fields of an `application/x-www-form-urlencoded` text, in order, parsed as the URL standard says:
 * split on `&`, empty pieces skipped, name and value split at the first `=`, `+` read as a space, `%XX`
 * percent-decoded as bytes and the bytes read as UTF-8 (an invalid sequence becomes U+FFFD). Unlike
 * `URLSearchParams`, a leading `?` is a character like any other. Linear in the text's length.
 */
export function formFields(text: string): [string, string][] {
  const fields: [string, string][] = [];
  // The next `=` at or after the current piece (the text's length when none is left): found once and reused,
  // so pieces without one cost no rescan.
  let equals = -1;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf("&", start);
    if (end < 0) end = text.length;
    if (end > start) {
      if (equals < start) {
        equals = text.indexOf("=", start);
        if (equals < 0) equals = text.length;
      }
      const split = Math.min(equals, end);
      const name = decodeFormText(text.slice(start, split));
      fields.push([name, split < end ? decodeFormText(text.slice(split + 1, end)) : ""]);
    }
    start = end + 1;
  }
  return fields;
}

/** A name or value: as is when it has nothing to decode, by the engine's decoder when that can read it. */
function decodeFormText(text: string): string {
  const spaced = text.includes("+") ? text.replaceAll("+", " ") : text;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A `%` not followed by two hex digits, or bytes that are not UTF-8: decoded byte by byte instead.
    return percentDecode(spaced);
  }
}

/** Percent-decodes the UTF-8 bytes of `text` (a `%` without two hex digits stays) and reads them leniently. */
function percentDecode(text: string): string {
  const input = utf8Encoder.encode(text);
  const output = new Uint8Array(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i]!;
    const high = byte === 0x25 ? hexValue(input[i + 1]) : -1;
    const low = high >= 0 ? hexValue(input[i + 2]) : -1;
    if (low >= 0) {
      output[length++] = high * 16 + low;
      i += 2;
    } else {
      output[length++] = byte;
    }
  }
  return utf8Lenient.decode(output.subarray(0, length));
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const letter = byte | 0x20;
  return letter >= 0x61 && letter <= 0x66 ? letter - 0x61 + 10 : -1;
}
