import { ClientError, httpError } from "./errors.ts";
import { setBearer, type TokenSource } from "./token.ts";

/** What sending needs from the caller's options (`subscribe` and `publish` alike). */
export interface Sender {
  token?: TokenSource | undefined;
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * Sends one request to a hub, with `Authorization: Bearer …` when there is a token (a token function is
 * called now, so every attempt gets a fresh one), and resolves to a 200 response or one with status
 * `alsoOk`. Throws a `ClientError` otherwise: `network` when the hub cannot be reached, the token's when
 * its function fails, else the status's (see {@link httpError}). `now` is the time in ms since the epoch.
 */
export async function send(
  url: string,
  init: RequestInit & { headers: Headers },
  sender: Sender,
  now: number,
  alsoOk?: number,
): Promise<Response> {
  await setBearer(init.headers, sender.token);
  // A plain call: browsers throw "Illegal invocation" when fetch runs with another object as `this`.
  const fetch = sender.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (cause) {
    throw new ClientError("network", `cannot reach ${url}`, { url, cause });
  }
  if (response.status === 200 || response.status === alsoOk) return response;
  throw await httpError(response, url, now);
}

/** Releases the socket of a response whose body is not wanted. */
export async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}
