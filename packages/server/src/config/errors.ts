/** A bad command line or environment value; the CLI prints the message and exits with status 2. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** True for a {@link ConfigError}, also across package copies. */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof Error && error.name === "ConfigError";
}
