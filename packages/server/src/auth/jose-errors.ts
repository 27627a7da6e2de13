import { errors } from "jose";

/**
 * True when the key set itself could not be had: the key server refused, was too slow, answered other than
 * 200, or sent something that is not a key set. Not the token's fault, so not a 401.
 */
export function isKeySetOutage(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  // Not from jose at all: fetch itself failed. jose's base class alone: a non-200 answer or a body not JSON.
  return !(error instanceof errors.JOSEError) || error.code === "ERR_JOSE_GENERIC";
}

/** A short, token-free explanation of why jose refused a token. */
export function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "the token has expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.reason === "missing"
      ? `the token lacks the required "${error.claim}" claim`
      : `unexpected "${error.claim}" claim value`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's algorithm is not allowed";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the token's signature is invalid";
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the key set matches the token";
  if (error instanceof errors.JWKSTimeout) return "the key set could not be fetched in time";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return "the token is malformed";
  return "the token cannot be verified";
}
