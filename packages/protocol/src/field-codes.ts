// Character codes and allocation-free checks for reading SSE lines in place, by index, in the parser's
// hot loop (String.prototype.startsWith with a position is slower than comparing codes).

export const LF = 10;
export const SPACE = 32;
export const COLON = 58;
export const A = 97;
export const D = 100;
export const E = 101;
export const I = 105;
export const N = 110;
export const T = 116;
export const V = 118;
export const BOM = 0xfeff;

/** Whether the line at `start` begins with `data:`. Safe to read past a line: its end is never a letter. */
export function isDataField(text: string, start: number): boolean {
  return (
    text.charCodeAt(start) === D &&
    text.charCodeAt(start + 4) === COLON &&
    text.charCodeAt(start + 1) === A &&
    text.charCodeAt(start + 2) === T &&
    text.charCodeAt(start + 3) === A
  );
}

/** Where the value starts after the colon at `colon`: one leading space is skipped (SSE-SPEC §3). */
export function valueStart(text: string, colon: number, end: number): number {
  return colon + 1 < end && text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
}
