import { parseRetryAfter } from "./backoff.ts";
import { ErrorCode, isRetryableStatus } from "./codes.ts";
import { ClientError, errorFromResponse } from "./errors.ts";

/** What one connect attempt needs. */
export interface ConnectRequest {
  url: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  signal: AbortSignal;
  fetch: typeof globalThis.fetch;
  now: number;
}

/** How a connect attempt turned out. */
export type ConnectOutcome =
  | { kind: "open"; body: ReadableStream<Uint8Array> }
  | { kind: "no-content" }
  /** `auth`: a 401/403 that a fresh token might fix. `retryAfter`: ms the hub asked to wait. */
  | { kind: "failed"; error: ClientError; auth?: boolean; retryAfter?: number };

const SSE_TYPE = /^text\/event-stream\s*(;|$)/i;

/**
 * One GET of the event stream (SSE-SPEC §7): `Accept: text/event-stream`, cache `no-store`, redirects
 * followed. Sorts the response into open / stop / failure; the body of a non-open response is consumed or
 * cancelled so the socket is released.
 */
export async function connect(request: ConnectRequest): Promise<ConnectOutcome> {
  const { url } = request;
  let response: Response;
  try {
    response = await request.fetch(url, {
      method: "GET",
      headers: request.headers,
      credentials: request.credentials,
      cache: "no-store",
      signal: request.signal,
    });
  } catch (cause) {
    return {
      kind: "failed",
      error: new ClientError(ErrorCode.Network, `cannot reach ${url}`, { url, cause }),
    };
  }
  const { status } = response;
  if (status === 200) {
    const type = response.headers.get("content-type") ?? "";
    if (SSE_TYPE.test(type) && response.body !== null) return { kind: "open", body: response.body };
    await discard(response);
    const message = `expected text/event-stream from ${url}, got "${type}"`;
    return {
      kind: "failed",
      error: new ClientError(ErrorCode.ContentType, message, { status, url, fatal: true }),
    };
  }
  if (status === 204) {
    await discard(response);
    return { kind: "no-content" };
  }
  if (isRetryableStatus(status)) {
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"), request.now);
    const error = await errorFromResponse(ErrorCode.Unavailable, response, url, false);
    return retryAfter === undefined ? { kind: "failed", error } : { kind: "failed", error, retryAfter };
  }
  if (status === 401 || status === 403) {
    const code = status === 401 ? ErrorCode.Unauthorized : ErrorCode.Forbidden;
    return { kind: "failed", error: await errorFromResponse(code, response, url, true), auth: true };
  }
  return { kind: "failed", error: await errorFromResponse(ErrorCode.HttpStatus, response, url, true) };
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}
