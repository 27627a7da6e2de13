// Stand-in for @ssehub/protocol's selector budget (being added there) until it lands; deleted after the rebase.
import {
  compileSelector as compileUnbudgeted,
  isSseError as isProtocolError,
  type SelectorKind,
  SseError,
  type TopicMatcher,
} from "@ssehub/protocol";

export interface SelectorBudget {
  states: number;
  chars: number;
}

export const DEFAULT_SELECTOR_STATE_BUDGET = 2000;
export const DEFAULT_SELECTOR_CHAR_BUDGET = 8192;

export function createSelectorBudget(limits: { states?: number; chars?: number } = {}): SelectorBudget {
  return {
    states: limits.states ?? DEFAULT_SELECTOR_STATE_BUDGET,
    chars: limits.chars ?? DEFAULT_SELECTOR_CHAR_BUDGET,
  };
}

export type BudgetedMatcher = TopicMatcher & { readonly states: number };

export function compileSelector(
  pattern: string,
  kind: SelectorKind,
  options: { baseURL?: string; budget?: SelectorBudget } = {},
): BudgetedMatcher {
  const matcher = compileUnbudgeted(pattern, kind, { baseURL: options.baseURL });
  const states = matcher.exact || matcher.wildcard ? 0 : pattern.length;
  const budget = options.budget;
  if (budget !== undefined) {
    if (budget.chars < pattern.length || budget.states < states) {
      throw budgetError("the selectors pass the budget");
    }
    budget.chars -= pattern.length;
    budget.states -= states;
  }
  return Object.assign(matcher, { states });
}

export function isSseError(error: unknown): error is SseError {
  return (
    isProtocolError(error) || (error instanceof SseError && (error.code as string) === "selector-budget")
  );
}

export function budgetError(message: string): SseError {
  return Object.assign(new SseError("invalid-selector", message), { code: "selector-budget" as const });
}
