import { findToken } from "../auth/carriers.ts";
import type { Grant } from "../auth/index.ts";
import type { RequestHead } from "../http/request-head.ts";

/** Where a request came from, asked only when no token names the publisher. */
export interface ClientAddress {
  /** The client's address (proxy hops applied); undefined when the runtime gave none. */
  address(): string | undefined;
}

/**
 * Whom a publish counts against for the publish rate: the token's `iss` + `sub` (one publisher however many
 * tokens it holds), else a SHA-256 of the token itself, else the client's address. Undefined when none is
 * known (a tokenless publish allowed by the `authorize` hook, from a runtime that gave no address). A promise
 * only for a token without `sub` (Web Crypto hashes asynchronously): the others need no microtask.
 */
export function publisherKey(
  grant: Grant | null,
  request: RequestHead,
  client: ClientAddress,
): string | undefined | Promise<string> {
  if (grant?.subject !== undefined) return subjectKey(grant, grant.subject);
  const found = grant === null ? null : findToken(request);
  if (found !== null && "token" in found) return tokenKey(found.token);
  const address = client.address();
  return address === undefined ? undefined : `address ${address}`;
}

async function tokenKey(token: string): Promise<string> {
  return `token ${await sha256Hex(token)}`;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

// Built per publish (a new token makes a new grant): concatenation, with the issuer's length, keeps two
// publishers apart however their names read, and costs less than keeping the key with the grant.
function subjectKey(grant: Grant, subject: string): string {
  const issuer = grant.issuer;
  return issuer === undefined ? `sub ${subject}` : `iss+sub ${issuer.length} ${issuer}${subject}`;
}
