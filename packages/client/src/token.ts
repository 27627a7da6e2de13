import { ClientError } from "./errors.ts";

/** A bearer token, or a function returning one, called before every connect (so it can refresh). */
export type TokenSource = string | (() => string | Promise<string>);

/** The current token; a failing token function becomes a fatal `unauthorized` error. */
export async function resolveToken(source: TokenSource | undefined): Promise<string | undefined> {
  try {
    return typeof source === "function" ? await source() : source;
  } catch (cause) {
    throw new ClientError("unauthorized", "token function failed", { cause, fatal: true });
  }
}

/** Sets `Authorization: Bearer …` when there is a token. */
export function setBearer(headers: Headers, token: string | undefined): void {
  if (token) headers.set("authorization", `Bearer ${token}`);
}
