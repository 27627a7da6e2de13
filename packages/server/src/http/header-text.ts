// Header values are bytes: the fetch API shows each byte as one character (U+0000–U+00FF) and refuses
// anything above. Ids travel in `Last-Event-ID` as their UTF-8 bytes (SSE-SPEC §7), both ways.

// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII needs no conversion.
const ASCII = /^[\u0000-\u007f]*$/;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** An id as header text: its UTF-8 bytes, one character each. */
export function toHeaderText(id: string): string {
  if (ASCII.test(id)) return id;
  let text = "";
  for (const byte of new TextEncoder().encode(id)) text += String.fromCharCode(byte);
  return text;
}

/** Header text back to the id it carries; bytes that are not UTF-8 (a Latin-1 sender) are kept as read. */
export function fromHeaderText(text: string): string {
  if (ASCII.test(text)) return text;
  try {
    return strictUtf8.decode(Uint8Array.from(text, (char) => char.charCodeAt(0)));
  } catch {
    return text;
  }
}

// RFC 9110 §5.5: a field value holds no control character but HTAB. Node refuses the others and Deno panics on
// them, so a value from elsewhere (an id a broker stored before ids were checked) is tested first.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused.
const NOT_IN_FIELD_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** True when `text` (from {@link toHeaderText}) may be sent as a header value on every runtime. */
export function isFieldValue(text: string): boolean {
  return !NOT_IN_FIELD_VALUE.test(text);
}
