import { decodeProtectedHeader, type JWTPayload, type JWTVerifyOptions, jwtVerify } from "jose";
import { HubError } from "../core/errors.ts";
import type { RequestHead } from "../http/request-head.ts";
import { hubURL } from "../hub-url.ts";
import type { Carrier } from "./carriers.ts";
import { ClaimError, draft07Grant, draft08Grant } from "./claims.ts";
import { verifyHmacFast } from "./hmac-fast-path.ts";
import { describeJoseError, isKeySetOutage } from "./jose-errors.ts";
import type { RoleVerifier } from "./roles.ts";
import type { Action, AuthErrorCode, AuthOptions, AuthResult, Draft } from "./types.ts";
import type { VerifiedTokenCache } from "./verified-token-cache.ts";

/**
 * Verifies one token for `action` and turns its claims into a grant (draft-08 URL patterns relative to the
 * hub's URL as `request` reached it). With `verified` (the cache of this action), a token verified earlier with
 * the current keys and not yet expired is answered from it. Answers at once (no promise, no microtask) from the
 * cache and for a token the HMAC fast path accepts: the common case of a publisher posting back to back.
 */
export function verifyToken(
  token: string,
  carrier: Carrier,
  verifier: RoleVerifier | null,
  options: AuthOptions,
  action: Action,
  request: RequestHead,
  verified?: VerifiedTokenCache,
): AuthResult | Promise<AuthResult> {
  // Looked up first: everything below depends only on the token, how it came, the keys and the clock.
  const keys = verifier?.keys();
  const cached = verified?.get(token, carrier, keys);
  if (
    cached !== undefined &&
    (cached.baseURL === undefined || cached.baseURL === baseURLOf(request, options))
  ) {
    return { ok: true, grant: cached.grant };
  }
  // A plain draft-07 HMAC token is verified at once; anything else (or a refusal) takes the full path below.
  const fast =
    carrier !== "cookie-08" && verifier?.hmac !== undefined
      ? verifyHmacFast(token, verifier.hmac, options.now?.() ?? Date.now())
      : undefined;
  if (fast !== undefined) {
    const result = grantOf(7, fast, options, action);
    if (result.ok && result.grant !== null)
      verified?.offer(token, { grant: result.grant, carrier, baseURL: undefined, keys });
    return result;
  }
  return verifyFully(token, carrier, verifier, options, action, request).then((result) => {
    if (result.ok && result.grant !== null) {
      // A draft-08 grant's URL patterns resolved against this request's hub URL: it is held for that one.
      const baseURL = result.grant.draft === 8 ? baseURLOf(request, options) : undefined;
      verified?.offer(token, { grant: result.grant, carrier, baseURL, keys });
    }
    return result;
  });
}

/** The hub's URL as the request reached it: what draft-08 URL patterns resolve against. */
function baseURLOf(request: RequestHead, options: AuthOptions): string {
  return hubURL(request, options.publicUrl);
}

/** The grant of a verified payload; a 401 result when its claims do not make one. */
function grantOf(
  draft: Draft,
  payload: JWTPayload,
  options: AuthOptions,
  action: Action,
  baseURL?: string,
): AuthResult {
  const mismatch = draft === 7 ? draft07Mismatch(payload, options) : undefined;
  if (mismatch !== undefined) return failure(draft, "invalid_token", mismatch);
  try {
    const grant = draft === 8 ? draft08Grant(payload, action, baseURL) : draft07Grant(payload, action);
    return { ok: true, grant };
  } catch (error) {
    if (error instanceof ClaimError) return failure(draft, "invalid_token", error.message);
    throw error;
  }
}

/** jose's verification: every token the fast path does not accept, and every refusal with its reason. */
async function verifyFully(
  token: string,
  carrier: Carrier,
  verifier: RoleVerifier | null,
  options: AuthOptions,
  action: Action,
  request: RequestHead,
): Promise<AuthResult> {
  let draft: Draft = carrier === "cookie-08" ? 8 : 7;
  try {
    if (isAccessTokenType(decodeProtectedHeader(token).typ)) draft = 8;
  } catch {
    return failure(draft, "invalid_token", "the token is not a well-formed JWT");
  }
  // RFC 9068 tokens must not travel in URLs (draft-08 dropped the query carrier).
  if (draft === 8 && carrier === "query") {
    return failure(8, "invalid_request", "draft-08 (at+jwt) tokens are not accepted in the query string");
  }
  if (verifier === null)
    return failure(draft, "invalid_token", `no key is configured to verify ${action} tokens`);
  let payload: JWTPayload;
  try {
    const checks: JWTVerifyOptions = draft === 8 ? draft08Checks(options) : {};
    if (options.now !== undefined) checks.currentDate = new Date(options.now());
    payload = await verifySignature(token, verifier, checks);
  } catch (error) {
    if (typeof verifier.key === "function" && isKeySetOutage(error)) throw keySetUnavailable(error);
    return failure(draft, "invalid_token", describeJoseError(error));
  }
  return grantOf(draft, payload, options, action, draft === 8 ? baseURLOf(request, options) : undefined);
}

async function verifySignature(token: string, verifier: RoleVerifier, checks: JWTVerifyOptions) {
  // An explicit algorithm list is what refuses `alg: none` and HS/RS confusion.
  const options = { ...checks, algorithms: verifier.algorithms };
  const { key } = verifier;
  const result =
    typeof key === "function" ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
  return result.payload;
}

function draft08Checks(options: AuthOptions): JWTVerifyOptions {
  const checks: JWTVerifyOptions = { typ: "at+jwt", requiredClaims: ["iss", "aud", "exp"] };
  if (options.jwtIssuer) checks.issuer = options.jwtIssuer;
  if (options.jwtAudience) checks.audience = options.jwtAudience;
  return checks;
}

/** Draft-07 tokens need no `iss`/`aud`, but one that names another issuer or audience is refused. */
function draft07Mismatch(payload: JWTPayload, options: AuthOptions): string | undefined {
  if (options.jwtIssuer && payload.iss !== undefined && payload.iss !== options.jwtIssuer) {
    return 'unexpected "iss" claim value';
  }
  if (options.jwtAudience && payload.aud !== undefined) {
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(options.jwtAudience)) return 'unexpected "aud" claim value';
  }
  return undefined;
}

/** RFC 9068 §2.1: `at+jwt`, also written `application/at+jwt`. */
function isAccessTokenType(typ: string | undefined): boolean {
  return typ !== undefined && typ.toLowerCase().replace(/^application\//, "") === "at+jwt";
}

/** Seconds a client is asked to wait after a key set outage (the next request fetches the set again). */
const KEY_SET_RETRY_AFTER_S = 5;

/**
 * 503 with `Retry-After` while the key set cannot be fetched: an outage is not the client's fault, and a 401
 * would make a client drop a subscription it should only retry.
 */
function keySetUnavailable(cause: unknown): HubError {
  const error = new HubError(
    503,
    "key-set-unavailable",
    "the key set (JWKS) cannot be fetched to verify the token; try again later",
    undefined,
    { cause },
  );
  error.retryAfter = KEY_SET_RETRY_AFTER_S;
  return error;
}

function failure(draft: Draft, error: AuthErrorCode, message: string): AuthResult {
  return { ok: false, status: 401, draft, error, message };
}
