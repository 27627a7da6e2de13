/** Something that accepts or refuses a part of an input, from `from` (inclusive) to `to` (exclusive). */
export interface RangeMatcher {
  matches(input: string, from: number, to: number): boolean;
}

/** Accepts only the empty range. */
export const EMPTY: RangeMatcher = { matches: (_, from, to) => from === to };

/**
 * A test for `prefix` + something `middle` accepts + `suffix`: the literal text around a selector's
 * variable part is compared as a string, and only what lies between is left to `middle` (an automaton
 * needs no states for the literal text, and spends no steps on it). Built here, apart from the compilers,
 * so that the test holds nothing of the compilation but `middle`.
 */
export function framed(prefix: string, suffix: string, middle: RangeMatcher): (input: string) => boolean {
  const framing = prefix.length + suffix.length;
  return (input) =>
    input.length >= framing &&
    input.startsWith(prefix) &&
    input.endsWith(suffix) &&
    middle.matches(input, prefix.length, input.length - suffix.length);
}
