import type { MiddlewareHandler } from "hono";
import type { Hub } from "../types.ts";
import { toHeaderText } from "./header-text.ts";

/** Options of {@link mercureLink}. */
export interface MercureLinkOptions {
  /** The topic's URL, linked as `rel="self"`. */
  self?: string | URL;
  /**
   * Where a subscriber should resume from (Mercure's `last-event-id` link parameter): take `hub.position()`
   * before generating the resource, and the subscriber gets every update published after it.
   */
  lastEventId?: string;
}

/**
 * The `Link` header value pointing clients to a hub (Mercure "Discovery"): `<hubUrl>; rel="mercure"`, with
 * `last-event-id="…"` when given, plus `<self>; rel="self"` when the topic URL is given.
 */
export function mercureLink(hubUrl: string | URL, options: MercureLinkOptions = {}): string {
  let link = `<${String(hubUrl)}>; rel="mercure"`;
  if (options.lastEventId !== undefined) link += `; last-event-id="${quoted(options.lastEventId)}"`;
  return options.self === undefined ? link : `${link}, <${String(options.self)}>; rel="self"`;
}

/**
 * Hono middleware adding the discovery `Link` header to every response of the routes it wraps. Given the
 * `hub`, the link carries the hub's resume position read before the route ran, so a client subscribing with
 * it misses nothing published while the resource was generated.
 */
export function mercureDiscovery(
  hubUrl: string | URL,
  options: { hub?: Pick<Hub, "position"> } = {},
): MiddlewareHandler {
  const { hub } = options;
  const link = mercureLink(hubUrl);
  return async (c, next) => {
    const lastEventId = hub === undefined ? undefined : await hub.position();
    await next();
    c.res.headers.append("link", lastEventId === undefined ? link : mercureLink(hubUrl, { lastEventId }));
  };
}

/** RFC 8288 quoted-string content: backslash and double quote escaped, UTF-8 bytes as header text. */
function quoted(value: string): string {
  return toHeaderText(value.replace(/["\\]/g, (char) => `\\${char}`));
}
