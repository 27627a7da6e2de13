import { findToken } from "./carriers.ts";
import { cookiePublishAllowed } from "./csrf.ts";
import { createRoleVerifiers, type RoleVerifier } from "./roles.ts";
import type { Action, Authenticator, AuthOptions } from "./types.ts";
import { VerifiedTokenCache } from "./verified-token-cache.ts";
import { verifyToken } from "./verify.ts";

/**
 * Creates the hub's authenticator from its key options. Keys are imported at once; a broken key makes
 * every `authenticate` call reject (a server error, not a client's), so check it up front with
 * {@link checkAuthOptions} where a configuration is loaded.
 */
export function createAuthenticator(options: AuthOptions): Authenticator {
  const verifiers = createRoleVerifiers(options);
  // Each action's verifier once its key is imported (until then, and after a failed import, undefined). The
  // empty rejection handlers keep a broken key from surfacing as an unhandled rejection before the first request.
  const ready: Partial<Record<Action, RoleVerifier | null>> = {};
  for (const action of ["publish", "subscribe"] as const) {
    verifiers[action].then(
      (verifier) => {
        ready[action] = verifier;
      },
      () => {},
    );
  }
  // One cache per action: a client's token used to subscribe and to publish holds both grants.
  const verified = {
    publish: new VerifiedTokenCache({ now: options.now }),
    subscribe: new VerifiedTokenCache({ now: options.now }),
  };
  const authenticate: Authenticator["authenticate"] = (request, action) => {
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
    const verifier = ready[action];
    // The first requests may come before the key is imported: they wait for it, then go the same way.
    if (verifier === undefined) return verifiers[action].then(() => authenticate(request, action));
    return verifyToken(found.token, found.carrier, verifier, options, action, request, verified[action]);
  };
  return {
    authenticate,
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
