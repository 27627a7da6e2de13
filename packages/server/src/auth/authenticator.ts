import { hubURL } from "../hub-url.ts";
import { findToken } from "./carriers.ts";
import { cookiePublishAllowed } from "./csrf.ts";
import { createRoleVerifiers } from "./roles.ts";
import type { Authenticator, AuthOptions } from "./types.ts";
import { VerifiedTokenCache } from "./verified-token-cache.ts";
import { verifyToken } from "./verify.ts";

/**
 * Creates the hub's authenticator from its key options. Keys are imported at once; a broken key makes
 * every `authenticate` call reject (a server error, not a client's), so check it up front with
 * {@link checkAuthOptions} where a configuration is loaded.
 */
export function createAuthenticator(options: AuthOptions): Authenticator {
  const verifiers = createRoleVerifiers(options);
  // Keep a broken key from surfacing as an unhandled rejection before the first request.
  verifiers.publish.catch(() => {});
  verifiers.subscribe.catch(() => {});
  const verified = new VerifiedTokenCache({ now: options.now });
  return {
    async authenticate(request, action) {
      const found = findToken(request);
      if (found === null) return { ok: true, grant: null };
      if ("malformed" in found) {
        return { ok: false, status: 401, draft: 7, error: "invalid_request", message: found.malformed };
      }
      const fromCookie = found.carrier === "cookie-07" || found.carrier === "cookie-08";
      if (
        fromCookie &&
        action === "publish" &&
        !cookiePublishAllowed(request, options.corsOrigins, options.publicUrl)
      ) {
        return {
          ok: false,
          status: 401,
          draft: found.carrier === "cookie-08" ? 8 : 7,
          error: "invalid_request",
          message: "a cookie-authenticated publish must come from the hub's origin or an allowed CORS origin",
        };
      }
      const verifier = await verifiers[action];
      const baseURL = hubURL(request, options.publicUrl);
      return verifyToken(found.token, found.carrier, verifier, options, action, baseURL, verified);
    },
    async canVerify(action) {
      return (await verifiers[action]) !== null;
    },
  };
}

/** Imports the configured keys and throws an `AuthConfigError` when one cannot be used. */
export async function checkAuthOptions(options: AuthOptions): Promise<void> {
  const verifiers = createRoleVerifiers(options);
  await Promise.all([verifiers.publish, verifiers.subscribe]);
}
