import type { MiddlewareHandler } from "hono";

/**
 * The `Link` header value pointing clients to a hub (Mercure "Discovery"):
 * `<hubUrl>; rel="mercure"`, plus `<self>; rel="self"` when the topic URL is given.
 */
export function mercureLink(hubUrl: string | URL, options: { self?: string | URL } = {}): string {
  const link = `<${String(hubUrl)}>; rel="mercure"`;
  return options.self === undefined ? link : `${link}, <${String(options.self)}>; rel="self"`;
}

/** Hono middleware adding the discovery `Link` header to every response of the routes it wraps. */
export function mercureDiscovery(hubUrl: string | URL): MiddlewareHandler {
  const link = mercureLink(hubUrl);
  return async (c, next) => {
    await next();
    c.res.headers.append("link", link);
  };
}
