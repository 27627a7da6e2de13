// HS256 tokens of both Mercure generations, signed with jose.
import { SignJWT } from "jose";

export const KEY = "ssehub-test-secret-key-with-enough-bytes-for-hs256";
export const ISSUER = "https://issuer.test";
export const AUDIENCE = "https://hub.test";
const secret = new TextEncoder().encode(KEY);

/** Draft-07: claim `mercure: { publish, subscribe, payload }`. */
export function token07(
  claim: { publish?: string[]; subscribe?: string[]; payload?: unknown },
  options: { exp?: number; sub?: string } = {},
): Promise<string> {
  const jwt = new SignJWT({ mercure: claim }).setProtectedHeader({ alg: "HS256" });
  if (options.exp !== undefined) jwt.setExpirationTime(options.exp);
  if (options.sub !== undefined) jwt.setSubject(options.sub);
  return jwt.sign(secret);
}

/** Draft-08: `typ: at+jwt`, `iss`, `aud`, `exp`, `authorization_details`. */
export function token08(
  actions: ("publish" | "subscribe")[],
  topics: { match: string; match_type?: string }[],
  options: { exp?: number } = {},
): Promise<string> {
  return new SignJWT({
    authorization_details: [{ type: "https://mercure.rocks/authorization-detail", actions, topics }],
  })
    .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime(options.exp ?? "1h")
    .sign(secret);
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
