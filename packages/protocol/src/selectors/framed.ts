/** Tests a part of an input, from `from` (inclusive) to `to` (exclusive). */
export type RangeTest = (input: string, from: number, to: number) => boolean;

/**
 * A test for `prefix` + something `middle` accepts + `suffix`: the literal text around a selector's
 * variable part is compared as a string, and only what lies between is left to `middle` (an automaton
 * needs no states for the literal text, and spends no steps on it).
 */
export function framed(prefix: string, suffix: string, middle: RangeTest): (input: string) => boolean {
  const framing = prefix.length + suffix.length;
  return (input) =>
    input.length >= framing &&
    input.startsWith(prefix) &&
    input.endsWith(suffix) &&
    middle(input, prefix.length, input.length - suffix.length);
}
