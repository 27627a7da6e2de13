/** A key or algorithm setting the hub cannot use; raised at configuration time, never per request. */
export class AuthConfigError extends Error {
  override readonly name = "AuthConfigError";
}

/** True for an {@link AuthConfigError}, also across package copies. */
export function isAuthConfigError(error: unknown): error is AuthConfigError {
  return error instanceof Error && error.name === "AuthConfigError";
}
