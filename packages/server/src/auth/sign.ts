import { SignJWT } from "jose";
import { MERCURE_DETAIL_TYPE } from "./claims.ts";
import { AuthConfigError } from "./errors.ts";
import { importSigningKey } from "./keys.ts";
import type { Draft } from "./types.ts";

/** What a token signed by {@link signToken} grants. */
export interface TokenRequest {
  /** Selectors the token may publish to (draft-07 templates; draft-08 exact matches, `*` = all). */
  publish?: string[];
  /** Selectors the token may subscribe to. */
  subscribe?: string[];
  /** Claim generation. Default 7 (`mercure` claim); 8 signs an RFC 9068 `at+jwt` with `authorization_details`. */
  draft?: Draft;
  /** Lifetime in milliseconds; none by default for draft 7, required for draft 8. */
  expiresIn?: number;
  /** `iss`; required for draft 8. */
  issuer?: string;
  /** `aud`; required for draft 8. */
  audience?: string;
  /** `sub`. */
  subject?: string;
  /** Draft-07 `mercure.payload`, shown to other subscribers in subscription events. */
  payload?: unknown;
}

/**
 * Signs a token with `key` (an HMAC secret, or a PKCS #8 private key in PEM) and `algorithm`
 * (HS256 for a secret, inferred for a PEM key when omitted).
 */
export async function signToken(
  key: string,
  algorithm: string | undefined,
  request: TokenRequest,
): Promise<string> {
  const signing = await importSigningKey(key, algorithm);
  const draft = request.draft ?? 7;
  const jwt = new SignJWT(draft === 8 ? draft08Claims(request) : draft07Claims(request))
    .setProtectedHeader({ alg: signing.algorithm, typ: draft === 8 ? "at+jwt" : "JWT" })
    .setIssuedAt();
  if (request.expiresIn !== undefined) jwt.setExpirationTime(new Date(Date.now() + request.expiresIn));
  if (request.issuer !== undefined) jwt.setIssuer(request.issuer);
  if (request.audience !== undefined) jwt.setAudience(request.audience);
  if (request.subject !== undefined) jwt.setSubject(request.subject);
  return jwt.sign(signing.key);
}

function draft07Claims(request: TokenRequest) {
  const mercure: Record<string, unknown> = {};
  if (request.publish !== undefined) mercure.publish = request.publish;
  if (request.subscribe !== undefined) mercure.subscribe = request.subscribe;
  if (request.payload !== undefined) mercure.payload = request.payload;
  return { mercure };
}

function draft08Claims(request: TokenRequest) {
  const missing = (["issuer", "audience", "expiresIn"] as const).filter(
    (name) => request[name] === undefined,
  );
  if (missing.length > 0) throw new AuthConfigError(`a draft-08 token needs ${missing.join(", ")}`);
  const detail = (action: string, selectors: string[]) => ({
    type: MERCURE_DETAIL_TYPE,
    actions: [action],
    topics: selectors.map((match) => ({ match })),
  });
  const details = [];
  if (request.publish !== undefined) details.push(detail("publish", request.publish));
  if (request.subscribe !== undefined) details.push(detail("subscribe", request.subscribe));
  return { authorization_details: details };
}
