/**
 * A small nondeterministic automaton over UTF-16 code units, simulated state-set by state-set so that a
 * match costs O(input length × states) whatever the pattern: a subscriber's selector can never make the hub
 * backtrack exponentially, unlike a regular expression built from it.
 */

/** Builds the states that match some input, then continue at `next`; returns the first state. */
export type Fragment = (next: number) => number;

interface State {
  /** Consumes one code unit that passes this test; `null` for a state that only branches. */
  readonly test: ((unit: number) => boolean) | null;
  next: number[];
}

/** Most states one automaton may have; more means the selector is refused as too complex. */
export const MAX_STATES = 20_000;

export class AutomatonBuilder {
  readonly #states: State[] = [];

  #add(test: ((unit: number) => boolean) | null, next: number[]): number {
    if (this.#states.length >= MAX_STATES) throw new RangeError(`more than ${MAX_STATES} automaton states`);
    this.#states.push({ test, next });
    return this.#states.length - 1;
  }

  unit(test: (unit: number) => boolean): Fragment {
    return (next) => this.#add(test, [next]);
  }

  literal(text: string): Fragment {
    return (next) => {
      let start = next;
      for (let i = text.length - 1; i >= 0; i--) {
        const code = text.charCodeAt(i);
        start = this.#add((unit) => unit === code, [start]);
      }
      return start;
    };
  }

  seq(...parts: Fragment[]): Fragment {
    return (next) => parts.reduceRight((continuation, part) => part(continuation), next);
  }

  alt(...choices: Fragment[]): Fragment {
    return (next) =>
      this.#add(
        null,
        choices.map((choice) => choice(next)),
      );
  }

  optional(part: Fragment): Fragment {
    return (next) => this.#add(null, [part(next), next]);
  }

  star(part: Fragment): Fragment {
    return (next) => {
      const loop = this.#add(null, []);
      this.#states[loop]!.next = [part(loop), next];
      return loop;
    };
  }

  /** Up to `max` repetitions of `part`. */
  atMost(part: Fragment, max: number): Fragment {
    return (next) => {
      let start = next;
      for (let i = 0; i < max; i++) start = this.#add(null, [part(start), next]);
      return start;
    };
  }

  /** Finishes the automaton for `whole`, anchored at both ends of the input. */
  build(whole: Fragment): (input: string) => boolean {
    const accept = this.#add(null, []);
    const start = whole(accept);
    return simulate(this.#states, start, accept);
  }
}

function simulate(states: readonly State[], start: number, accept: number): (input: string) => boolean {
  const seen = new Uint32Array(states.length);
  let generation = 0;
  // Two state sets, swapped at each code unit; no allocation while matching.
  let current = new Int32Array(states.length);
  let following = new Int32Array(states.length);
  // A state is pushed once per edge into it at most, so the edges bound the stack.
  const stack = new Int32Array(states.reduce((edges, state) => edges + state.next.length, 1));

  /** Adds to `into` (from index `size`) the consuming states and the accept state reachable from `from`
   * without input; returns the new size. */
  function close(from: number, into: Int32Array, size: number): number {
    let top = 0;
    stack[top++] = from;
    while (top > 0) {
      const id = stack[--top]!;
      if (seen[id] === generation) continue;
      seen[id] = generation;
      const state = states[id]!;
      if (state.test !== null || id === accept) into[size++] = id;
      else for (let i = state.next.length - 1; i >= 0; i--) stack[top++] = state.next[i]!;
    }
    return size;
  }

  return (input) => {
    if (generation > 0xfffffff0 - input.length) {
      seen.fill(0);
      generation = 0;
    }
    generation++;
    let size = close(start, current, 0);
    for (let i = 0; i < input.length && size > 0; i++) {
      const unit = input.charCodeAt(i);
      generation++;
      let next = 0;
      for (let j = 0; j < size; j++) {
        const state = states[current[j]!]!;
        if (state.test?.(unit)) next = close(state.next[0]!, following, next);
      }
      [current, following] = [following, current];
      size = next;
    }
    for (let j = 0; j < size; j++) if (current[j] === accept) return true;
    return false;
  };
}
