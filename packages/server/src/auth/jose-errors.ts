import { errors } from "jose";

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
