import { AuthConfigError } from "./errors.ts";

const HMAC = ["HS256", "HS384", "HS512"];
const ASYMMETRIC = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

/** Algorithms tried, in order, when a PEM key comes without one. */
export const PEM_CANDIDATES = ["RS256", "ES256", "ES384", "ES512", "EdDSA"];

/** Algorithms accepted from a JWKS when none is configured: asymmetric only, never `none`. */
export const JWKS_DEFAULT_ALGORITHMS = ASYMMETRIC;

/** Normalises an algorithm name and refuses `none` and anything unknown. */
export function checkAlgorithm(name: string): string {
  const found = [...HMAC, ...ASYMMETRIC].find((alg) => alg.toLowerCase() === name.trim().toLowerCase());
  if (found === undefined) {
    throw new AuthConfigError(
      `unsupported JWT algorithm "${name}" (use one of ${[...HMAC, ...ASYMMETRIC].join(", ")})`,
    );
  }
  return found;
}

/** True for the HMAC algorithms, whose key is a shared secret. */
export function isHmac(alg: string): boolean {
  return HMAC.includes(alg);
}
