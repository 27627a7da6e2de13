import { type CharClassId, CLASS_BASE, inClass } from "./char-class.ts";

/**
 * A nondeterministic automaton over UTF-16 code units, simulated state set by state set (Thompson), so a
 * match costs at most 3 × states × (input length + 1) steps whatever the pattern: a subscriber's selector
 * can never make the hub backtrack, unlike a regular expression built from it.
 *
 * A state is three 32-bit integers: what it consumes (a code unit, a shared character class, or nothing)
 * and up to two successors. The scratch space of the simulation is shared by all automata.
 */

/** Builds the states that match some input, then continue at `next`; returns the first state. */
export type Fragment = (next: number) => number;

/** A state that consumes nothing and continues at both of its successors. */
const SPLIT = -1;
/** The accepting state: consumes nothing, has no successor. */
const ACCEPT = -2;
const NONE = -1;

/** Thrown while building when an automaton would have more states than its limit. */
export class StateLimitError extends RangeError {
  readonly limit: number;

  constructor(limit: number) {
    super(`more than ${limit} automaton states`);
    this.limit = limit;
  }
}

export class AutomatonBuilder {
  readonly #limit: number;
  readonly #consumes: number[] = [];
  /** Two successors per state. */
  readonly #next: number[] = [];

  /** @param limit most states the automaton may have, its accepting state included. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  #add(consumes: number, first: number, second = NONE): number {
    if (this.#consumes.length >= this.#limit) throw new StateLimitError(this.#limit);
    this.#consumes.push(consumes);
    this.#next.push(first, second);
    return this.#consumes.length - 1;
  }

  /** One code unit of a character class. */
  unit(charClass: CharClassId): Fragment {
    return (next) => this.#add(CLASS_BASE + charClass, next);
  }

  literal(text: string): Fragment {
    return (next) => {
      let start = next;
      for (let i = text.length - 1; i >= 0; i--) start = this.#add(text.charCodeAt(i), start);
      return start;
    };
  }

  seq(...parts: Fragment[]): Fragment {
    return (next) => parts.reduceRight((continuation, part) => part(continuation), next);
  }

  alt(...choices: Fragment[]): Fragment {
    return (next) => {
      // A chain of two-way splits: n choices cost n - 1 states.
      let start = choices[choices.length - 1]!(next);
      for (let i = choices.length - 2; i >= 0; i--) start = this.#add(SPLIT, choices[i]!(next), start);
      return start;
    };
  }

  optional(part: Fragment): Fragment {
    return (next) => this.#add(SPLIT, part(next), next);
  }

  star(part: Fragment): Fragment {
    return (next) => {
      const loop = this.#add(SPLIT, NONE, next);
      this.#next[2 * loop] = part(loop);
      return loop;
    };
  }

  /** One or more: the part once, then back to its start or on. */
  plus(part: Fragment): Fragment {
    return (next) => {
      const loop = this.#add(SPLIT, NONE, next);
      const start = part(loop);
      this.#next[2 * loop] = start;
      return start;
    };
  }

  /** Up to `max` repetitions of `part`. */
  atMost(part: Fragment, max: number): Fragment {
    return (next) => {
      let start = next;
      for (let i = 0; i < max; i++) start = this.#add(SPLIT, part(start), next);
      return start;
    };
  }

  /** Finishes the automaton for `whole`, anchored at both ends of its input. */
  build(whole: Fragment): Automaton {
    const accept = this.#add(ACCEPT, NONE);
    const start = whole(accept);
    return new Automaton(Int32Array.from(this.#consumes), Int32Array.from(this.#next), start, accept);
  }
}

// Scratch space shared by every automaton (matching runs to completion, never re-entered), grown to the
// largest automaton run so far: two state sets, the closure stack, and the generation each state was
// last reached in.
let current = new Int32Array(0);
let following = new Int32Array(0);
let stack = new Int32Array(0);
let seen = new Uint32Array(0);
let generation = 0;

function reserve(states: number, inputLength: number): void {
  if (seen.length < states) {
    current = new Int32Array(states);
    following = new Int32Array(states);
    // A state is pushed once per edge into it at most, plus once as a starting point.
    stack = new Int32Array(3 * states);
    seen = new Uint32Array(states);
    generation = 0;
  }
  if (generation > 0xffff_fff0 - inputLength) {
    seen.fill(0);
    generation = 0;
  }
}

/** Where {@link countMatchSteps} adds up the steps of the matches it runs; null when nobody counts. */
let counter: { steps: number } | null = null;

export class Automaton {
  /** Number of states, the accepting one included. */
  readonly states: number;
  readonly #consumes: Int32Array;
  readonly #next: Int32Array;
  readonly #start: number;
  readonly #accept: number;

  constructor(consumes: Int32Array, next: Int32Array, start: number, accept: number) {
    this.states = consumes.length;
    this.#consumes = consumes;
    this.#next = next;
    this.#start = start;
    this.#accept = accept;
  }

  /** Whether the automaton accepts `input` from `from` (inclusive) to `to` (exclusive). */
  matches(input: string, from = 0, to = input.length): boolean {
    reserve(this.states, to - from);
    const consumes = this.#consumes;
    const next = this.#next;
    let steps = 0;

    /** Adds to `into` (from index `size`) the states reachable from `state` without consuming input that
     * consume a unit or accept; returns the new size. */
    const close = (state: number, into: Int32Array, size: number): number => {
      let top = 0;
      stack[top++] = state;
      while (top > 0) {
        const id = stack[--top]!;
        steps++;
        if (seen[id] === generation) continue;
        seen[id] = generation;
        if (consumes[id] !== SPLIT) {
          into[size++] = id;
          continue;
        }
        const second = next[2 * id + 1]!;
        if (second !== NONE) stack[top++] = second;
        const first = next[2 * id]!;
        if (first !== NONE) stack[top++] = first;
      }
      return size;
    };

    let active = current;
    let after = following;
    generation++;
    let size = close(this.#start, active, 0);
    for (let i = from; i < to && size > 0; i++) {
      const unit = input.charCodeAt(i);
      generation++;
      let nextSize = 0;
      for (let j = 0; j < size; j++) {
        const id = active[j]!;
        const consumed = consumes[id]!;
        steps++;
        if (consumed === unit || (consumed >= CLASS_BASE && inClass(consumed - CLASS_BASE, unit))) {
          nextSize = close(next[2 * id]!, after, nextSize);
        }
      }
      const swap = active;
      active = after;
      after = swap;
      size = nextSize;
    }
    if (counter !== null) counter.steps += steps;
    for (let j = 0; j < size; j++) if (active[j] === this.#accept) return true;
    return false;
  }
}

/**
 * Counts the automaton steps one match costs, for tests and diagnostics: each state taken from the closure
 * stack and each state tested against a code unit is one step. A match costs at most 3 × `states` ×
 * (length + 1) steps, where length is the topic's (for URL patterns: the longest component of the topic
 * parsed as a URL). Exact and `*` selectors, and parts of selectors decided by comparing literal text,
 * take no steps. Counting costs nothing when this function is not running.
 */
export function countMatchSteps(matcher: (topic: string) => boolean, topic: string): number {
  const previous = counter;
  const own = { steps: 0 };
  counter = own;
  try {
    matcher(topic);
  } finally {
    counter = previous;
  }
  return own.steps;
}
