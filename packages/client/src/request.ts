import { ClientError, httpError, invalidOptions } from "./errors.ts";
import { setBearer, type TokenSource } from "./token.ts";

/** What sending needs from the caller's options (`subscribe` and `publish` alike). */
export interface Sender {
  token?: TokenSource | undefined;
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * Sends one request to a hub, with `Authorization: Bearer …` when there is a token (a token function is
 * called now, so every attempt gets a fresh one), and resolves to a 200 response or one with status
 * `alsoOk`. Throws a `ClientError` otherwise: see {@link fetchResponse}, the token's when its function
 * fails, else the status's (see {@link httpError}). `now` is the time in ms since the epoch.
 */
export async function send(
  url: string,
  init: RequestInit & { headers: Headers },
  sender: Sender,
  now: number,
  alsoOk?: number,
): Promise<Response> {
  await setBearer(init.headers, sender.token);
  const response = await fetchResponse(sender.fetch, url, init);
  if (response.status === 200 || response.status === alsoOk) return response;
  throw await httpError(response, url, now);
}

/**
 * One fetch (the caller's, or the global one) that either resolves to a Response or throws a ClientError:
 * `network` when the request failed, `invalid-options` when a custom fetch handed back something else
 * (reading that as a Response would throw the platform's bare TypeError later).
 */
export async function fetchResponse(
  fetch: typeof globalThis.fetch | undefined,
  url: string,
  init: RequestInit,
): Promise<Response> {
  let response: unknown;
  try {
    // A plain call: browsers throw "Illegal invocation" when fetch runs with another object as `this`.
    response = await (fetch ?? globalThis.fetch)(url, init);
  } catch (cause) {
    throw new ClientError("network", `cannot reach ${url}`, { url, cause });
  }
  if (response instanceof Response) return response;
  throw invalidOptions(`fetch did not return a Response for ${url}`);
}

/**
 * The caller's `headers` with `set` applied, or an `invalid-options` ClientError when the platform refuses
 * them (a value with CR, LF or NUL or above U+00FF, a bad name, a lone surrogate in an id) instead of its
 * TypeError.
 */
export function requestHeaders(init: HeadersInit | undefined, set: (headers: Headers) => void): Headers {
  try {
    const headers = new Headers(init);
    set(headers);
    return headers;
  } catch (cause) {
    throw invalidOptions("invalid header", cause);
  }
}

/** Releases the socket of a response whose body is not wanted. */
export async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}
