import { ClientError } from "./errors.ts";
import type { SubscribeOptions } from "./options.ts";
import { discard, requestHeaders, send } from "./request.ts";

const SSE_TYPE = /^text\/event-stream\s*(;|$)/i;

/**
 * The request headers of a stream: the caller's, `Accept: text/event-stream` and, when there is a resume
 * point, `Last-Event-ID`. Header values are bytes, one per code unit (Headers throws above U+00FF), so
 * the id goes out as its UTF-8 bytes (SSE-SPEC §7). Any id is sent as it is, including the hub's resume
 * positions (`#…`). Throws `invalid-options` for headers the platform refuses or an id with a lone
 * surrogate (it has no UTF-8 form); `subscribe` calls it once up front so that such options throw at once.
 */
export function streamHeaders(headers: HeadersInit | undefined, lastEventId: string): Headers {
  return requestHeaders(headers, (result) => {
    result.set("accept", "text/event-stream");
    if (lastEventId !== "") result.set("last-event-id", unescape(encodeURI(lastEventId)));
  });
}

/**
 * One GET of the event stream (SSE-SPEC §7): the {@link streamHeaders}, cache `no-store`, redirects
 * followed, with the subscription's credentials, token and fetch. Resolves to a 200 `text/event-stream`
 * response (its `url` is the final one after redirects), or to undefined for a 204 (the hub says stop).
 * Anything else throws its `ClientError` (see {@link send}; a wrong content type is a fatal
 * `content-type`), the body consumed or cancelled so the socket is released.
 */
export async function connect(
  url: string,
  options: SubscribeOptions,
  lastEventId: string,
  signal: AbortSignal,
  now: number,
): Promise<Response | undefined> {
  const headers = streamHeaders(options.headers, lastEventId);
  const init = { headers, credentials: options.credentials, cache: "no-store", signal } as const;
  const response = await send(url, init, options, now, 204);
  const { status, body } = response;
  const type = response.headers.get("content-type") ?? "";
  if (status === 200 && SSE_TYPE.test(type) && body !== null) return response;
  await discard(response);
  if (status === 204) return undefined;
  throw new ClientError("content-type", `content type ${type}`, { status, url, fatal: true });
}
