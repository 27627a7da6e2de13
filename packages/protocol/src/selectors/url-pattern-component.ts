import { AutomatonBuilder, type Fragment } from "./automaton.ts";
import { CharClass, type CharClassId, inClass } from "./char-class.ts";
import { EMPTY, framed, type RangeMatcher } from "./framed.ts";
import type { CompiledTest } from "./types.ts";
import type { Modifier, Part } from "./url-pattern-parts.ts";

/**
 * Compiles a URL Pattern component's parts into a test of the component's value. URLPattern turns each part
 * into a piece of regular expression (standard: "generate a regular expression and name list"); whether
 * the whole expression matches depends only on the language each piece accepts, which this builds as an
 * automaton instead: for a group with prefix P, suffix S and pattern R,
 *   no modifier or `?` → `(?:P(R)S)` with the modifier; `*` or `+` → `(?:P(R(?:S P R)*)S)`, optional for `*`;
 *   and without P and S simply R with the modifier.
 * R is `[^delimiter]+?` for a segment wildcard and `.*` for a full wildcard.
 */

/** Literal text, a run of one character class, or a part with a modifier. */
type Item =
  | { readonly literal: string }
  | { readonly run: CharClassId; readonly min: 0 | 1 }
  | { readonly part: Part };

function wildcard(type: "segment" | "full", segment: CharClassId): Item {
  return type === "segment" ? { run: segment, min: 1 } : { run: CharClass.notLineTerminator, min: 0 };
}

/** Parts as items: a part without a modifier is its text and its wildcard in a row; texts in a row join. */
function flatten(parts: readonly Part[], segment: CharClassId): Item[] {
  const items: Item[] = [];
  const text = (literal: string): void => {
    if (literal === "") return;
    const last = items[items.length - 1];
    if (last !== undefined && "literal" in last)
      items[items.length - 1] = { literal: last.literal + literal };
    else items.push({ literal });
  };
  for (const part of parts) {
    if (part.modifier !== "") items.push({ part });
    else if (part.type === "fixed") text(part.value);
    else {
      text(part.prefix);
      items.push(wildcard(part.type, segment));
      text(part.suffix);
    }
  }
  return items;
}

/** A run of one class, read without an automaton. */
function runOf(run: CharClassId, min: 0 | 1): RangeMatcher {
  return {
    matches(input, from, to) {
      if (to - from < min) return false;
      for (let i = from; i < to; i++) if (!inClass(run, input.charCodeAt(i))) return false;
      return true;
    },
  };
}

function fragment(b: AutomatonBuilder, item: Item, segment: CharClassId): Fragment {
  if ("literal" in item) return b.literal(item.literal);
  if ("run" in item) return item.min === 1 ? b.plus(b.unit(item.run)) : b.star(b.unit(item.run));
  const { part } = item;
  const modify = (inner: Fragment, modifier: Modifier): Fragment =>
    modifier === "?" ? b.optional(inner) : modifier === "*" ? b.star(inner) : b.plus(inner);
  if (part.type === "fixed") return modify(b.literal(part.value), part.modifier);
  const pattern = fragment(b, wildcard(part.type, segment), segment);
  if (part.prefix === "" && part.suffix === "") return modify(pattern, part.modifier);
  const prefix = b.literal(part.prefix);
  const suffix = b.literal(part.suffix);
  if (part.modifier === "?") return b.optional(b.seq(prefix, pattern, suffix));
  const repeated = b.seq(prefix, pattern, b.star(b.seq(suffix, prefix, pattern)), suffix);
  return part.modifier === "*" ? b.optional(repeated) : repeated;
}

/**
 * @param segment the class a segment wildcard repeats: anything but the component's delimiter.
 * @param maxStates most automaton states the component may take.
 * @throws {StateLimitError} beyond `maxStates`.
 */
export function compileComponent(
  parts: readonly Part[],
  segment: CharClassId,
  maxStates: number,
): CompiledTest {
  const items = flatten(parts, segment);
  const literalAt = (index: number): string | undefined => {
    const item = items[index];
    return item !== undefined && "literal" in item ? item.literal : undefined;
  };
  const prefix = literalAt(0) ?? "";
  const from = prefix === "" ? 0 : 1;
  const suffix = items.length > from ? (literalAt(items.length - 1) ?? "") : "";
  const middle = items.slice(from, suffix === "" ? items.length : -1);
  const only = middle.length === 1 ? middle[0]! : undefined;

  if (middle.length === 0) return { states: 0, test: framed(prefix, suffix, EMPTY) };
  if (only !== undefined && "run" in only)
    return { states: 0, test: framed(prefix, suffix, runOf(only.run, only.min)) };
  const b = new AutomatonBuilder(maxStates);
  const automaton = b.build(b.seq(...middle.map((item) => fragment(b, item, segment))));
  return { states: automaton.states, test: framed(prefix, suffix, automaton) };
}
