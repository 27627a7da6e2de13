import type { Authenticator, AuthResult, Grant } from "../auth/index.ts";
import { HubError } from "../core/errors.ts";
import type { HubOptions } from "../types.ts";
import type { RequestHead } from "./request-head.ts";

/** What a route needs from the requester. */
export interface AccessRule {
  action: "publish" | "subscribe";
  /** Publish: the update's topics. Subscribe: the selectors (or the subscriptions API path). */
  topics: string[];
  /** A request without a token is accepted (as anonymous). */
  anonymous: boolean;
  /** The token's selectors must match every topic (publish, subscriptions API). */
  cover: boolean;
}

/** Makes the request the `authorize` hook is given, for a runtime that made none to serve it. */
export interface RequestMaker {
  request(): Request;
}

/** What may stand in for a token: anonymous access, and an `authorize` hook. */
export interface TokenAlternatives {
  anonymous: boolean;
  hooked: boolean;
}

/**
 * The first step of every route: verifies the request's token, if it presents one, before anything of the
 * request is read or compiled. Gives its grant, or null when no token was presented and an alternative lets
 * the request go on: at once when the authenticator could decide at once, else as a promise. With no key
 * configured for the action the hub cannot judge a token at all: an `authorize` hook is then the only
 * authority (an application's own bearer scheme), so the token is left to it.
 * @throws {HubError} 401 for a bad token, or for a missing one that nothing could replace; 503 while the key set
 *   cannot be fetched.
 */
export function verifyPresentedToken(
  authenticator: Authenticator,
  request: RequestHead,
  action: AccessRule["action"],
  alternatives: TokenAlternatives,
): Grant | null | Promise<Grant | null> {
  const result = authenticator.authenticate(request, action);
  if (!(result instanceof Promise)) return presentedGrant(result, authenticator, action, alternatives);
  return result.then((outcome) => presentedGrant(outcome, authenticator, action, alternatives));
}

function presentedGrant(
  result: AuthResult,
  authenticator: Authenticator,
  action: AccessRule["action"],
  alternatives: TokenAlternatives,
): Grant | null | Promise<Grant | null> {
  if (!result.ok) return refusedToken(result, authenticator, action, alternatives);
  if (result.grant === null && !alternatives.anonymous && !alternatives.hooked) throw tokenRequired(action);
  return result.grant;
}

async function refusedToken(
  result: Extract<AuthResult, { ok: false }>,
  authenticator: Authenticator,
  action: AccessRule["action"],
  alternatives: TokenAlternatives,
): Promise<null> {
  if (alternatives.hooked && !(await authenticator.canVerify(action))) return null;
  const error = new HubError(401, result.error, result.message);
  error.challenge = `Bearer error="${result.error}"`;
  throw error;
}

/**
 * Decides a parsed request whose token (`grant`, null for none) was verified: the `authorize` hook first (true
 * allows, false refuses with 403, undefined defers), then the token. Gives the grant, or null for an
 * anonymous (or hook-allowed, tokenless) requester: at once without a hook, else as a promise. `request` is
 * what the hook is given: the request, or what makes it (asked only when there is a hook).
 * @throws {HubError} 401 without a needed token; 403 when the token does not cover the topics.
 */
export function checkAccess(
  authorize: HubOptions["authorize"],
  request: Request | RequestMaker,
  rule: AccessRule,
  grant: Grant | null,
): Grant | null | Promise<Grant | null> {
  if (authorize === undefined) return decide(undefined, rule, grant);
  return askHook(authorize, request, rule, grant);
}

async function askHook(
  authorize: NonNullable<HubOptions["authorize"]>,
  request: Request | RequestMaker,
  rule: AccessRule,
  grant: Grant | null,
): Promise<Grant | null> {
  const decision = await authorize({
    request: request instanceof Request ? request : request.request(),
    action: rule.action,
    topics: rule.topics,
  });
  return decide(decision, rule, grant);
}

function decide(decision: boolean | undefined, rule: AccessRule, grant: Grant | null): Grant | null {
  if (decision === false) throw forbidden(`${rule.action} refused`);
  if (decision === true) return grant;
  if (grant === null) {
    if (rule.anonymous) return null;
    throw tokenRequired(rule.action);
  }
  if (rule.cover && !covers(grant, rule.topics)) {
    throw forbidden(`the token does not allow ${rule.action} on these topics`);
  }
  return grant;
}

/** Every topic matched by one of the grant's selectors. */
function covers(grant: Grant, topics: readonly string[]): boolean {
  for (const topic of topics) {
    if (!matchesAny(grant.selectors, topic)) return false;
  }
  return true;
}

function matchesAny(selectors: Grant["selectors"], topic: string): boolean {
  for (const selector of selectors) if (selector(topic)) return true;
  return false;
}

function tokenRequired(action: AccessRule["action"]): HubError {
  const error = new HubError(401, "unauthorized", `a token is required to ${action}`);
  // RFC 6750 §3: no error code when no token was presented.
  error.challenge = "Bearer";
  return error;
}

function forbidden(message: string): HubError {
  const error = new HubError(403, "insufficient_scope", message);
  error.challenge = 'Bearer error="insufficient_scope"';
  return error;
}
