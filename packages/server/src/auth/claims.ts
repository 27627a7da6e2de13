import {
  compileSelector,
  createSelectorBudget,
  isSseError,
  type SelectorBudget,
  type SelectorKind,
  type TopicMatcher,
} from "@ssehub/protocol";
import type { JWTPayload } from "jose";
import type { Action, Grant } from "./types.ts";

/** RFC 9396 `type` of Mercure's authorization details (draft-08). */
export const MERCURE_DETAIL_TYPE = "https://mercure.rocks/authorization-detail";

/** A claim the hub cannot read; its message becomes the 401's. */
export class ClaimError extends Error {
  override readonly name = "ClaimError";
}

/**
 * Builds the grant for `action` from a verified draft-07 payload (the `mercure` claim). A token's selectors
 * share one selector budget (automaton states and characters), as a subscribe request's do.
 */
export function draft07Grant(payload: JWTPayload, action: Action): Grant {
  const claim = payload.mercure;
  if (claim !== undefined && !isRecord(claim)) throw new ClaimError("the mercure claim must be an object");
  const patterns = claim?.[action];
  if (patterns !== undefined && !isStringArray(patterns)) {
    throw new ClaimError(`mercure.${action} must be an array of strings`);
  }
  const budget = createSelectorBudget();
  const selectors = (patterns ?? []).map((pattern) => compile(pattern, "template", budget));
  return withTimes({ draft: 7, selectors, payload: claim?.payload }, payload);
}

/**
 * Builds the grant for `action` from a verified draft-08 payload (`authorization_details`); URL patterns
 * resolve relative to `baseURL` (the hub's URL).
 */
export function draft08Grant(payload: JWTPayload, action: Action, baseURL?: string): Grant {
  const details = payload.authorization_details;
  if (details !== undefined && !Array.isArray(details)) {
    throw new ClaimError("authorization_details must be an array");
  }
  const selectors: TopicMatcher[] = [];
  const budget = createSelectorBudget();
  // RFC 9396 lets a token carry details for other resources: only Mercure's type is ours to read.
  for (const detail of details ?? []) {
    if (!isRecord(detail) || detail.type !== MERCURE_DETAIL_TYPE) continue;
    if (!isStringArray(detail.actions))
      throw new ClaimError("authorization_details[].actions must be an array of strings");
    if (!Array.isArray(detail.topics))
      throw new ClaimError("authorization_details[].topics must be an array");
    if (!detail.actions.includes(action)) continue;
    for (const topic of detail.topics) selectors.push(compileTopic(topic, budget, baseURL));
  }
  return withTimes({ draft: 8, selectors }, payload);
}

function compileTopic(topic: unknown, budget: SelectorBudget, baseURL: string | undefined): TopicMatcher {
  if (!isRecord(topic) || typeof topic.match !== "string") {
    throw new ClaimError("authorization_details[].topics[] must be objects with a string match");
  }
  const type = topic.match_type ?? "exact";
  if (type !== "exact" && type !== "urlpattern") {
    throw new ClaimError(`unknown match_type "${String(type)}" (exact or urlpattern)`);
  }
  return compile(topic.match, type, budget, baseURL);
}

function compile(
  pattern: string,
  kind: SelectorKind,
  budget: SelectorBudget,
  baseURL?: string,
): TopicMatcher {
  try {
    return compileSelector(pattern, kind, baseURL === undefined ? { budget } : { baseURL, budget });
  } catch (error) {
    if (isSseError(error)) throw new ClaimError(`invalid topic selector in the token: ${error.message}`);
    throw error;
  }
}

function withTimes(grant: Grant, payload: JWTPayload): Grant {
  if (typeof payload.exp === "number") grant.expiresAt = payload.exp * 1000;
  if (typeof payload.sub === "string") grant.subject = payload.sub;
  if (typeof payload.iss === "string") grant.issuer = payload.iss;
  return grant;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
