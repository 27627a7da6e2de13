/** Default total automaton states of the selectors compiled against one {@link SelectorBudget}. */
export const DEFAULT_SELECTOR_STATE_BUDGET = 2000;

/** Default total selector text, in UTF-16 code units, compiled against one {@link SelectorBudget} (8 KiB). */
export const DEFAULT_SELECTOR_CHAR_BUDGET = 8192;

/**
 * What remains of a budget shared by several selectors (e.g. all those of one subscribe request):
 * `compileSelector` subtracts each selector's automaton `states` and its text length (`chars`, UTF-16
 * code units), and refuses a selector that would take either below 0.
 */
export interface SelectorBudget {
  states: number;
  chars: number;
}

/**
 * Creates a budget for a set of selectors, to pass as `budget` to every `compileSelector` call of the set.
 * @param limits total automaton states (default {@link DEFAULT_SELECTOR_STATE_BUDGET}) and total selector
 * text in UTF-16 code units (default {@link DEFAULT_SELECTOR_CHAR_BUDGET}).
 * @throws {RangeError} when a limit is negative or not a number.
 */
export function createSelectorBudget(limits: { states?: number; chars?: number } = {}): SelectorBudget {
  const states = limits.states ?? DEFAULT_SELECTOR_STATE_BUDGET;
  const chars = limits.chars ?? DEFAULT_SELECTOR_CHAR_BUDGET;
  checkLimit("states", states);
  checkLimit("chars", chars);
  return { states, chars };
}

function checkLimit(name: string, value: unknown): void {
  if (typeof value !== "number" || !(value >= 0)) {
    throw new RangeError(`selector budget ${name} must be a number ≥ 0, got ${String(value)}`);
  }
}
