import {
  type CryptoKey,
  createRemoteJWKSet,
  type JWKSCacheInput,
  type JWTVerifyGetKey,
  jwksCache,
} from "jose";
import { checkAlgorithm, JWKS_DEFAULT_ALGORITHMS } from "./algorithms.ts";
import type { HmacSecret } from "./hmac-fast-path.ts";
import { importVerificationKey } from "./keys.ts";
import type { Action, AuthOptions } from "./types.ts";

/** How tokens for one action are verified: a key or a key set, and the algorithms allowed with it. */
export interface RoleVerifier {
  key: CryptoKey | Uint8Array | JWTVerifyGetKey;
  algorithms: string[];
  /** A shared secret's bytes and algorithm: plain tokens are then verified by {@link verifyHmacFast}. */
  hmac?: HmacSecret;
  /** The key material in use now: a different value after a key set was fetched again (rotation). */
  keys(): unknown;
}

/** The key and algorithm settings that apply to one action; an empty string counts as unset. */
export function roleSettings(options: AuthOptions, action: Action): { key?: string; algorithm?: string } {
  const own = action === "publish" ? options.publisherJwtKey : options.subscriberJwtKey;
  const ownAlg = action === "publish" ? options.publisherJwtAlgorithm : options.subscriberJwtAlgorithm;
  return { key: firstSet(own, options.jwtKey), algorithm: firstSet(ownAlg, options.jwtAlgorithm) };
}

/**
 * Builds the verifier of each action: its own key, else the shared one, else the JWKS (one key set, fetched
 * lazily and refetched when a token names an unknown `kid`). Null for an action with nothing configured.
 */
export function createRoleVerifiers(options: AuthOptions): Record<Action, Promise<RoleVerifier | null>> {
  let jwks: JWTVerifyGetKey | undefined;
  // jose stores every key set it fetches here, as a new object: its identity tells one fetch from the next.
  const fetched: JWKSCacheInput = {};
  const build = async (action: Action): Promise<RoleVerifier | null> => {
    const { key, algorithm } = roleSettings(options, action);
    if (key !== undefined) {
      const imported = await importVerificationKey(key, algorithm);
      const { secret } = imported;
      return {
        key: imported.key,
        algorithms: [imported.algorithm],
        keys: () => imported.key,
        ...(secret && { hmac: { secret, algorithm: imported.algorithm } }),
      };
    }
    const url = firstSet(options.jwksUrl);
    if (url === undefined) return null;
    jwks ??= createRemoteJWKSet(new URL(url), {
      cooldownDuration: options.jwksCooldown ?? 30_000,
      [jwksCache]: fetched,
    });
    return {
      key: jwks,
      keys: () => ("jwks" in fetched ? fetched.jwks : undefined),
      algorithms: algorithm === undefined ? JWKS_DEFAULT_ALGORITHMS : [checkAlgorithm(algorithm)],
    };
  };
  return { publish: build("publish"), subscribe: build("subscribe") };
}

function firstSet(...values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined && value !== "");
}
