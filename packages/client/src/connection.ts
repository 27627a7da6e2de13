import { ClientError, httpError } from "./errors.ts";

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
  | { kind: "failed"; error: ClientError; auth?: boolean; retryAfter?: number | undefined };

const SSE_TYPE = /^text\/event-stream\s*(;|$)/i;

/**
 * One GET of the event stream (SSE-SPEC §7): `Accept: text/event-stream`, cache `no-store`, redirects
 * followed. Sorts the response into open / stop / failure; the body of a non-open response is consumed or
 * cancelled so the socket is released.
 */
export async function connect(request: ConnectRequest): Promise<ConnectOutcome> {
  // A plain call: browsers throw "Illegal invocation" when fetch runs with another object as `this`.
  const { url, fetch } = request;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: request.headers,
      credentials: request.credentials,
      cache: "no-store",
      signal: request.signal,
    });
  } catch (cause) {
    return {
      kind: "failed",
      error: new ClientError("network", `cannot reach ${url}`, { url, cause }),
    };
  }
  const { status } = response;
  if (status === 200) {
    const type = response.headers.get("content-type") ?? "";
    if (SSE_TYPE.test(type) && response.body !== null) return { kind: "open", body: response.body };
    await discard(response);
    return {
      kind: "failed",
      error: new ClientError("content-type", `content type ${type}`, { status, url, fatal: true }),
    };
  }
  if (status === 204) {
    await discard(response);
    return { kind: "no-content" };
  }
  const { error, retryAfter } = await httpError(response, url, request.now);
  return { kind: "failed", error, retryAfter, auth: status === 401 || status === 403 };
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}
