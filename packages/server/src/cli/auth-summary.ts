import { pemLabel } from "../auth/pem.ts";
import { roleSettings } from "../auth/roles.ts";
import type { Action, AuthOptions } from "../auth/types.ts";

/** How each role's tokens are verified, for the start-up log: kinds and algorithms, never key material. */
export function describeAuth(options: AuthOptions): { publishers: string; subscribers: string } {
  return { publishers: describeRole(options, "publish"), subscribers: describeRole(options, "subscribe") };
}

function describeRole(options: AuthOptions, action: Action): string {
  const { key, algorithm } = roleSettings(options, action);
  if (key !== undefined) {
    const pem = pemLabel(key);
    return pem === undefined ? `${algorithm ?? "HS256"} secret` : `${algorithm ?? "inferred"} ${pem}`;
  }
  if (options.jwksUrl) return `key set ${options.jwksUrl}`;
  return "none configured (tokens refused)";
}
