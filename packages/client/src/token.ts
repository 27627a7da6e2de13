import { ClientError } from "./errors.ts";

/** A bearer token, or a function returning one, called before every connect (so it can refresh). */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * Sets `Authorization: Bearer …` from the token source (a function is called now, so that it can refresh),
 * nothing when there is no token. A failing token function, or a token that is not a valid header value,
 * becomes a fatal `unauthorized` error.
 */
export async function setBearer(headers: Headers, source: TokenSource | undefined): Promise<void> {
  try {
    const token = typeof source === "function" ? await source() : source;
    // Headers refuses CR, LF, NUL and characters above U+00FF: such a token is as unusable as a failed call.
    if (token) headers.set("authorization", `Bearer ${token}`);
  } catch (cause) {
    throw new ClientError("unauthorized", "no usable token", { cause, fatal: true });
  }
}
