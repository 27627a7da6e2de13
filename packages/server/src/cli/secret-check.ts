import { pemLabel } from "../auth/pem.ts";
import { keyMaterialShape, weakSecretReason } from "../auth/secret-shape.ts";
import { ConfigError } from "../config/errors.ts";

const SECRET_FLAGS = ["jwt-key", "publisher-jwt-key", "subscriber-jwt-key"] as const;

/**
 * Checks the keys given as HMAC secrets (not PEM text) at start-up: key material is refused, naming the flag;
 * a weak secret is a warning only (Mercure's own conformance suites sign with its default secret).
 * @throws {ConfigError} for a secret that looks like a key.
 */
export function checkSecrets(values: Record<string, unknown>, warn: (message: string) => void): void {
  for (const flag of SECRET_FLAGS) {
    const value = values[flag];
    if (typeof value !== "string" || value === "" || pemLabel(value) !== undefined) continue;
    const shape = keyMaterialShape(value);
    if (shape !== undefined) {
      throw new ConfigError(
        `--${flag}: the value looks like ${shape}, not an HMAC secret; anyone holding a public key could sign ` +
          "tokens with it. Give the key as PEM text (-----BEGIN PUBLIC KEY-----), or a random secret",
      );
    }
    const weakness = weakSecretReason(value);
    if (weakness !== undefined) warn(`--${flag}: the HMAC secret ${weakness}`);
  }
}
