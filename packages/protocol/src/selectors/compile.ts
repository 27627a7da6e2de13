import { SseError } from "../errors.ts";
import { StateLimitError } from "./automaton.ts";
import type { SelectorBudget } from "./budget.ts";
import type { CompiledTest, SelectorKind, TopicMatcher } from "./types.ts";
import { compileUriTemplate } from "./uri-template.ts";
import { compileUrlPattern, DEFAULT_BASE_URL } from "./url-pattern.ts";

/** Longest selector accepted, in UTF-16 code units. */
export const MAX_SELECTOR_LENGTH = 4096;

/** Most automaton states one selector may take, whatever its budget. */
const MAX_STATES = 20_000;

/** Options of {@link compileSelector}. */
export interface SelectorOptions {
  /** Base URL for relative URL patterns and relative topics (the hub's URL). Default `https://hub.invalid/`. */
  baseURL?: string;
  /**
   * What remains for this selector and the others compiled with the same budget (see
   * `createSelectorBudget`); the selector's states and length are subtracted when it compiles. Without a
   * budget only the per-selector limits apply.
   */
  budget?: SelectorBudget;
}

function matcher(pattern: string, kind: SelectorKind, compiled: CompiledTest, exact = false): TopicMatcher {
  const { test, states } = compiled;
  return Object.assign((topic: string) => test(topic), { pattern, kind, exact, wildcard: false, states });
}

function wildcard(kind: SelectorKind): TopicMatcher {
  return Object.freeze(
    Object.assign(() => true, { pattern: "*", kind, exact: false, wildcard: true, states: 0 }),
  );
}

// `*` of each kind is one frozen matcher: it holds nothing of its own, and the grant of a token verified on
// every request (a new token per publish) then allocates none. (`*` compiles with any kind: another gets its own.)
const WILDCARDS = new Map<SelectorKind, TopicMatcher>(
  (["exact", "template", "urlpattern"] as const).map((kind) => [kind, wildcard(kind)]),
);

function compileKind(pattern: string, kind: SelectorKind, baseURL: string, maxStates: number): TopicMatcher {
  const equal: CompiledTest = { states: 0, test: (topic) => topic === pattern };
  switch (kind) {
    case "exact":
      return matcher(pattern, kind, equal, true);
    case "template": {
      if (!pattern.includes("{")) return matcher(pattern, kind, equal, true);
      const template = compileUriTemplate(pattern, maxStates);
      // Mercure: a selector also matches the topic equal to its own text.
      return matcher(pattern, kind, {
        ...template,
        test: (topic) => topic === pattern || template.test(topic),
      });
    }
    case "urlpattern":
      return matcher(pattern, kind, compileUrlPattern(pattern, baseURL, maxStates));
    default:
      throw new SseError("invalid-selector", `unknown selector kind: ${String(kind)}`);
  }
}

function overBudget(pattern: string, what: string, remaining: number): SseError {
  return new SseError(
    "selector-budget",
    `selector exceeds the remaining budget of ${remaining} ${what}: ${pattern}`,
  );
}

/**
 * Compiles a Mercure topic selector into a matcher. `*` matches every topic whatever the kind. Every kind
 * matches in time linear in the topic's length (see {@link TopicMatcher.states}).
 * @param kind how to read `pattern` (default `"template"`, see {@link SelectorKind}).
 * @throws {SseError} `selector-too-long` beyond {@link MAX_SELECTOR_LENGTH} characters; `selector-budget`
 * when the selector's length or automaton states exceed what remains of `options.budget` (checked before
 * the automaton grows past it; the budget is then left unchanged); `invalid-selector` for a malformed
 * template or URL pattern, one needing more than 20,000 automaton states, or an unknown kind;
 * `selector-regexp-group` for a URL pattern with regular-expression groups.
 */
export function compileSelector(
  pattern: string,
  kind: SelectorKind = "template",
  options: SelectorOptions = {},
): TopicMatcher {
  if (typeof pattern !== "string") throw new SseError("invalid-selector", "selector must be a string");
  if (pattern.length > MAX_SELECTOR_LENGTH) {
    throw new SseError(
      "selector-too-long",
      `selector is ${pattern.length} characters long; the limit is ${MAX_SELECTOR_LENGTH}`,
    );
  }
  const { budget } = options;
  // Written so that a budget holding NaN refuses rather than lets everything through.
  if (budget !== undefined && !(pattern.length <= budget.chars))
    throw overBudget(pattern, "characters", budget.chars);
  const budgetStates = budget === undefined ? MAX_STATES : budget.states >= 0 ? Math.floor(budget.states) : 0;
  const maxStates = Math.min(MAX_STATES, budgetStates);
  let compiled: TopicMatcher;
  try {
    compiled =
      pattern === "*"
        ? (WILDCARDS.get(kind) ?? wildcard(kind))
        : compileKind(pattern, kind, options.baseURL ?? DEFAULT_BASE_URL, maxStates);
  } catch (error) {
    if (!(error instanceof StateLimitError)) throw error;
    if (budgetStates < MAX_STATES) throw overBudget(pattern, "automaton states", budgetStates);
    throw new SseError(
      "invalid-selector",
      `selector too complex (more than ${MAX_STATES} automaton states): ${pattern}`,
      {
        cause: error,
      },
    );
  }
  if (budget !== undefined) {
    budget.states -= compiled.states;
    budget.chars -= pattern.length;
  }
  return compiled;
}
