import { ClientError } from "./errors.ts";
import type { SubscribeOptions } from "./options.ts";
import { discard, send } from "./request.ts";

const SSE_TYPE = /^text\/event-stream\s*(;|$)/i;

/**
 * One GET of the event stream (SSE-SPEC §7): `Accept: text/event-stream`, `Last-Event-ID` when there is
 * one, cache `no-store`, redirects followed, with the subscription's headers, credentials, token and
 * fetch. Resolves to the body of a 200 `text/event-stream` response, or to undefined for a 204 (the hub
 * says stop). Anything else throws its `ClientError` (see {@link send}; a wrong content type is a fatal
 * `content-type`), the body consumed or cancelled so the socket is released.
 */
export async function connect(
  url: string,
  options: SubscribeOptions,
  lastEventId: string,
  signal: AbortSignal,
  now: number,
): Promise<ReadableStream<Uint8Array> | undefined> {
  const headers = new Headers(options.headers);
  headers.set("accept", "text/event-stream");
  // Header values are bytes, one per code unit (Headers throws above U+00FF): the id goes out as its UTF-8
  // bytes (SSE-SPEC §7).
  if (lastEventId !== "") headers.set("last-event-id", unescape(encodeURI(lastEventId)));
  const init = { headers, credentials: options.credentials, cache: "no-store", signal } as const;
  const response = await send(url, init, options, now, 204);
  const { status, body } = response;
  const type = response.headers.get("content-type") ?? "";
  if (status === 200 && SSE_TYPE.test(type) && body !== null) return body;
  await discard(response);
  if (status === 204) return undefined;
  throw new ClientError("content-type", `content type ${type}`, { status, url, fatal: true });
}
