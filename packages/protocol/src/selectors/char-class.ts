/**
 * The character classes automaton states consume, shared by every automaton: a state stores a class's
 * number, never a function of its own. Membership of ASCII code units is one bit each in a 128-entry table;
 * the few classes that contain non-ASCII units say so with a rule.
 */

/** Class numbers; a state consuming class `c` stores {@link CLASS_BASE} + `c`. */
export const CharClass = {
  /** RFC 3986 unreserved: ALPHA / DIGIT / `-` `.` `_` `~`. */
  unreserved: 0,
  /** Unreserved or reserved (RFC 6570 `+` and `#` expansions). */
  uriCharacter: 1,
  hexDigit: 2,
  /** Any code unit but `/` (a pathname's segment wildcard). */
  notSlash: 3,
  /** Any code unit but `.` (a hostname's segment wildcard). */
  notDot: 4,
  /** Any code unit: a segment wildcard in components without a delimiter. */
  any: 5,
  /** Any code unit but a line terminator: what a regular expression's `.` accepts (a full wildcard). */
  notLineTerminator: 6,
} as const;

export type CharClassId = (typeof CharClass)[keyof typeof CharClass];

/** Code units are 0–0xFFFF, so a class number stored above them cannot be mistaken for one. */
export const CLASS_BASE = 0x1_0000;

const RESERVED = ":/?#[]@!$&'()*+,;=";

function isUnreserved(unit: number): boolean {
  return (
    (unit >= 0x61 && unit <= 0x7a) ||
    (unit >= 0x41 && unit <= 0x5a) ||
    (unit >= 0x30 && unit <= 0x39) ||
    unit === 0x2d ||
    unit === 0x2e ||
    unit === 0x5f ||
    unit === 0x7e
  );
}

const asciiMembers: readonly ((unit: number) => boolean)[] = [
  isUnreserved,
  (unit) => isUnreserved(unit) || RESERVED.includes(String.fromCharCode(unit)),
  (unit) =>
    (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x46) || (unit >= 0x61 && unit <= 0x66),
  (unit) => unit !== 0x2f,
  (unit) => unit !== 0x2e,
  () => true,
  (unit) => unit !== 0x0a && unit !== 0x0d,
];

/** Bit `c` of entry `u` is set when ASCII unit `u` belongs to class `c`. */
const ASCII = new Uint8Array(128);
for (let unit = 0; unit < 128; unit++) {
  asciiMembers.forEach((member, id) => {
    if (member(unit)) ASCII[unit]! |= 1 << id;
  });
}

/** Whether a non-ASCII unit belongs to each class (bit `c`); U+2028 and U+2029 are line terminators too. */
const NON_ASCII = 0b111_1000;
const LINE_SEPARATORS = NON_ASCII & ~(1 << CharClass.notLineTerminator);

/** Whether `unit` belongs to class `id`. */
export function inClass(id: number, unit: number): boolean {
  const members =
    unit < 128 ? ASCII[unit]! : unit === 0x2028 || unit === 0x2029 ? LINE_SEPARATORS : NON_ASCII;
  return ((members >> id) & 1) === 1;
}
