/** CRLF, a lone LF or a lone CR: the three line ends of an SSE stream (SSE-SPEC §1). */
export const LINE_BREAK: RegExp = /\r\n|\r|\n/;

/** True when `text` contains a CR or LF (the characters that would start a new field). */
export function hasLineBreak(text: string): boolean {
  return text.includes("\n") || text.includes("\r");
}
