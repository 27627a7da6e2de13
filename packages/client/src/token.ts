import { ClientError } from "./errors.ts";

/** A bearer token, or a function returning one, called before every connect (so it can refresh). */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * Sets `Authorization: Bearer …` from the token source (a function is called now, so that it can refresh),
 * nothing when there is no token. A failing token function becomes a fatal `unauthorized` error.
 */
export async function setBearer(headers: Headers, source: TokenSource | undefined): Promise<void> {
  let token: string | undefined;
  try {
    token = typeof source === "function" ? await source() : source;
  } catch (cause) {
    throw new ClientError("unauthorized", "token function failed", { cause, fatal: true });
  }
  if (token) headers.set("authorization", `Bearer ${token}`);
}
