import { type CryptoKey, exportJWK, importJWK, importPKCS8, importSPKI, importX509 } from "jose";
import { checkAlgorithm, isHmac, PEM_CANDIDATES } from "./algorithms.ts";
import { AuthConfigError } from "./errors.ts";
import { pemLabel } from "./pem.ts";
import { keyMaterialShape } from "./secret-shape.ts";

/** A key ready for jose, with the one algorithm it may be used with. */
export interface ImportedKey {
  key: CryptoKey | Uint8Array;
  algorithm: string;
  /** An HMAC key's secret bytes, for the HMAC fast path of verification (`hmac-fast-path.ts`). */
  secret?: Uint8Array;
}

/**
 * Imports a verification key: an HMAC secret (HS256 unless `algorithm` says otherwise) or PEM text.
 * A PEM key with no algorithm gets the first of RS256, ES256, ES384, ES512, EdDSA that fits it.
 * A PKCS #8 private key is accepted too; its public half verifies.
 */
export async function importVerificationKey(text: string, algorithm?: string): Promise<ImportedKey> {
  return importKey(text, algorithm, "verify");
}

/** Imports a signing key: an HMAC secret or a PKCS #8 private key in PEM. */
export async function importSigningKey(text: string, algorithm?: string): Promise<ImportedKey> {
  return importKey(text, algorithm, "sign");
}

async function importKey(text: string, algorithm: string | undefined, use: "sign" | "verify") {
  const alg = algorithm === undefined ? undefined : checkAlgorithm(algorithm);
  const label = pemLabel(text);
  if (label === undefined) return importSecret(text, alg ?? "HS256", use);
  // Using PEM text as an HMAC secret is the classic algorithm-confusion hole: refuse it.
  if (alg !== undefined && isHmac(alg)) {
    throw new AuthConfigError(`a PEM key cannot be used with ${alg}; use an RS, PS, ES or EdDSA algorithm`);
  }
  checkPemLabel(label, use);
  const candidates = alg === undefined ? PEM_CANDIDATES : [alg];
  for (const candidate of candidates) {
    const key = await importPem(text, label, candidate, use).catch(() => undefined);
    if (key !== undefined) return { key, algorithm: candidate };
  }
  const wanted = alg ?? candidates.join(", ");
  throw new AuthConfigError(`cannot import the ${label} PEM key for ${wanted}`);
}

async function importSecret(secret: string, alg: string, use: "sign" | "verify"): Promise<ImportedKey> {
  if (!isHmac(alg)) {
    throw new AuthConfigError(`${alg} needs a PEM key; a plain secret only works with HS256, HS384 or HS512`);
  }
  if (secret.length === 0) throw new AuthConfigError("the JWT secret is empty");
  const shape = keyMaterialShape(secret);
  if (shape !== undefined) {
    throw new AuthConfigError(
      `the HMAC secret looks like ${shape}: a public key is no secret (give the key as PEM text instead)`,
    );
  }
  // Imported once as a CryptoKey: given raw bytes, jose would import them again for every token it checks.
  const bytes = new TextEncoder().encode(secret);
  const key = await crypto.subtle.importKey(
    "raw",
    bytes,
    { name: "HMAC", hash: `SHA-${alg.slice(2)}` },
    false,
    [use],
  );
  return { key, algorithm: alg, secret: bytes };
}

function checkPemLabel(label: string, use: "sign" | "verify"): void {
  if (use === "sign" && label !== "PRIVATE KEY") {
    throw new AuthConfigError(`signing needs a PKCS #8 private key ("BEGIN PRIVATE KEY"), not a ${label}`);
  }
  if (!["PRIVATE KEY", "PUBLIC KEY", "CERTIFICATE"].includes(label)) {
    throw new AuthConfigError(`unsupported PEM block "${label}" (convert it to SPKI, X.509 or PKCS #8)`);
  }
}

async function importPem(text: string, label: string, alg: string, use: "sign" | "verify") {
  if (label === "PUBLIC KEY") return importSPKI(text, alg);
  if (label === "CERTIFICATE") return importX509(text, alg);
  const privateKey = await importPKCS8(text, alg, { extractable: use === "verify" });
  return use === "sign" ? privateKey : publicHalf(privateKey, alg);
}

/** Web Crypto cannot derive a public key directly; dropping the private members of the JWK does it. */
async function publicHalf(privateKey: CryptoKey, alg: string): Promise<CryptoKey> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...jwk } = await exportJWK(privateKey);
  return (await importJWK({ ...jwk, key_ops: ["verify"] }, alg)) as CryptoKey;
}
