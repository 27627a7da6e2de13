// An HMAC secret is shared text; a public key is not a secret. Taking key material as an HS256 secret lets
// anyone who holds the public key sign tokens, so text shaped like a key is never used as a secret.

/** Mercure's documented example secret: in many copied configurations, and known to everyone. */
export const MERCURE_DEFAULT_SECRET = "!ChangeThisMercureHubJWTSecretKey!";
/** Shortest HMAC secret taken without a warning: 32 bytes, the output size of SHA-256 (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;

const JWK = /"kty"\s*:/;
const PEM_WORDS = /BEGIN|PUBLIC KEY|PRIVATE KEY|CERTIFICATE/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const SEQUENCE = 0x30;
const INTEGER = 0x02;
// DER of the key algorithm identifiers: rsaEncryption, id-ecPublicKey, and Ed25519/X25519/Ed448 (1.3.101.x).
const ALGORITHM_OIDS = [
  [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01],
  [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02],
  [0x06, 0x03, 0x2b, 0x65],
];

/** What key material `text` looks like (a JWK, PEM text with a damaged header, base64 DER), or undefined. */
export function keyMaterialShape(text: string): string | undefined {
  if (JWK.test(text)) return "a JSON Web Key";
  if (PEM_WORDS.test(text)) return "PEM key text";
  const compact = text.replace(/\s+/g, "");
  if (BASE64.test(compact) && looksLikeDer(compact)) return "a base64 DER key";
  return undefined;
}

/** Why `secret` is weak (Mercure's default, or shorter than 32 bytes), or undefined. */
export function weakSecretReason(secret: string): string | undefined {
  if (secret === MERCURE_DEFAULT_SECRET)
    return "is Mercure's documented default secret: anyone can sign tokens";
  const bytes = new TextEncoder().encode(secret).byteLength;
  if (bytes < MIN_SECRET_BYTES)
    return `is ${bytes} bytes, shorter than ${MIN_SECRET_BYTES} bytes: easy to guess`;
  return undefined;
}

/**
 * A DER SEQUENCE (base64 `M…`) that names a key algorithm, or a long `MII…` one (RSA keys and certificates, as
 * in PKCS #1, SPKI, PKCS #8 and X.509, truncated copies included) whose first element is a SEQUENCE or an
 * INTEGER. A random secret has each of these shapes with a chance far below one in a million.
 */
function looksLikeDer(base64: string): boolean {
  if (!base64.startsWith("M")) return false;
  let bytes: Uint8Array;
  try {
    const standard = base64.replaceAll("-", "+").replaceAll("_", "/").replace(/=+$/, "");
    const binary = atob(standard.slice(0, standard.length - (standard.length % 4)));
    bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return false;
  }
  if (bytes[0] !== SEQUENCE) return false;
  if (base64.startsWith("MII") && bytes.length >= 64 && (bytes[4] === SEQUENCE || bytes[4] === INTEGER)) {
    return true;
  }
  return ALGORITHM_OIDS.some((oid) => indexOf(bytes.subarray(0, 64), oid) >= 0);
}

function indexOf(bytes: Uint8Array, needle: readonly number[]): number {
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
