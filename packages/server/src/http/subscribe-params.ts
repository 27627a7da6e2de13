import { createSelectorBudget, isSseError, type SelectorKind, type TopicMatcher } from "@ssehub/protocol";
import { badField, HubError } from "../core/errors.ts";
import type { MatcherCache } from "../core/matcher-cache.ts";
import { fromHeaderText } from "./header-text.ts";

/** What a subscribe request asks for. */
export interface SubscribeParams {
  selectors: TopicMatcher[];
  /** The hub's URL, which relative URL patterns were resolved against. */
  baseURL: string;
  /** 8 when a draft-08 parameter (`match…`, `last_event_id`) is present, else 7. */
  draft: 7 | 8;
  /** Resume id: the `Last-Event-ID` header wins over the `lastEventID` / `last_event_id` query. */
  resume: string | undefined;
}

/** Most selectors one request may carry. */
export const MAX_SELECTORS = 200;

// Query names of the selector parameters: draft-07 `topic`, draft-08 `match` / `match_urlpattern`, and the
// camel-case spellings of the current Mercure text (`matchExact`, `matchURLPattern`).
const SELECTOR_PARAMS: Record<string, { kind: SelectorKind; draft: 7 | 8 }> = {
  topic: { kind: "template", draft: 7 },
  match: { kind: "exact", draft: 8 },
  matchExact: { kind: "exact", draft: 8 },
  match_exact: { kind: "exact", draft: 8 },
  match_urlpattern: { kind: "urlpattern", draft: 8 },
  matchURLPattern: { kind: "urlpattern", draft: 8 },
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: Mercure refuses control characters in selectors.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Reads a subscribe request's query; URL patterns resolve relative to `baseURL` (the hub's URL). The selectors
 * come from (and go to) the shared `matchers`, and together stay within one request's selector budget
 * (automaton states and characters), which bounds what matching a topic against them can cost.
 * @throws {HubError} 400 for a missing, malformed or unknown selector parameter, or past the budget.
 */
export function parseSubscribeParams(
  url: URL,
  headers: Headers,
  baseURL: string,
  matchers: MatcherCache,
): SubscribeParams {
  const budget = createSelectorBudget();
  const selectors: TopicMatcher[] = [];
  let draft: 7 | 8 = 7;
  for (const [name, value] of url.searchParams) {
    const param = SELECTOR_PARAMS[name];
    if (param === undefined) {
      // Draft-08 reserves the whole `match` prefix: a misspelled matcher type must fail loudly.
      if (name.toLowerCase().startsWith("match")) {
        throw badField(name, `unknown matcher type "${name}"`, "unknown-matcher");
      }
      if (name === "last_event_id") draft = 8;
      continue;
    }
    if (param.draft === 8) draft = 8;
    if (value === "") throw badField(name, "a selector must not be empty", "invalid-selector");
    if (CONTROL.test(value)) {
      throw badField(name, "a selector must not contain control characters", "invalid-selector");
    }
    if (selectors.length === MAX_SELECTORS) {
      throw badField(name, `at most ${MAX_SELECTORS} selectors per request`, "too-many-selectors");
    }
    try {
      selectors.push(matchers.get(value, param.kind, baseURL, budget));
    } catch (error) {
      if (!isSseError(error)) throw error;
      const code = error.code === "selector-budget" ? "selector-budget" : "invalid-selector";
      throw new HubError(400, code, error.message, name, { cause: error });
    }
  }
  if (selectors.length === 0) {
    throw badField("topic", "at least one topic (or match) parameter is required", "missing-field");
  }
  const query = url.searchParams.get("lastEventID") ?? url.searchParams.get("last_event_id");
  const header = headers.get("last-event-id");
  const resume = (header && fromHeaderText(header)) || query || undefined;
  return { selectors, baseURL, draft, resume };
}
