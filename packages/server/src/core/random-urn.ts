// Node defines the global `crypto` as a getter, which optimized code calls on every use: held once here.
const webCrypto = globalThis.crypto;

/** A fresh `urn:uuid:` URN from a random (version 4) UUID: the ids the hub gives updates and subscribers. */
export function randomUrn(): string {
  return `urn:uuid:${webCrypto.randomUUID()}`;
}
