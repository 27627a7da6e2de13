import type { MiddlewareHandler } from "hono";

const ALLOW_METHODS = "GET, POST, DELETE, OPTIONS";
const ALLOW_HEADERS = "Authorization, Content-Type, Last-Event-ID, Cache-Control";
// What browser code on another origin may read: the resume ids, when to retry, the discovery links, why a
// token failed (issue 13).
const EXPOSE_HEADERS = "Last-Event-ID, Mercure-Last-Event-ID, Retry-After, Link, WWW-Authenticate";

/**
 * CORS from an allowlist. A listed origin is echoed with credentials allowed (cookies carry tokens);
 * `"*"` allows every origin but never with credentials; any other origin gets no CORS headers.
 */
export function cors(origins: readonly string[]): MiddlewareHandler {
  const anyOrigin = origins.includes("*");
  const listed = new Set(origins);
  return async (c, next) => {
    const origin = c.req.header("origin");
    const allowed =
      origin === undefined ? undefined : listed.has(origin) ? origin : anyOrigin ? "*" : undefined;
    const preflight =
      c.req.method === "OPTIONS" && c.req.header("access-control-request-method") !== undefined;
    if (preflight) {
      const headers = new Headers({ vary: "Origin" });
      if (allowed !== undefined) {
        setOrigin(headers, allowed);
        headers.set("access-control-allow-methods", ALLOW_METHODS);
        headers.set("access-control-allow-headers", ALLOW_HEADERS);
        headers.set("access-control-max-age", "600");
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    c.res.headers.append("vary", "Origin");
    if (allowed !== undefined) {
      setOrigin(c.res.headers, allowed);
      c.res.headers.set("access-control-expose-headers", EXPOSE_HEADERS);
    }
    return undefined;
  };
}

function setOrigin(headers: Headers, origin: string): void {
  headers.set("access-control-allow-origin", origin);
  if (origin !== "*") headers.set("access-control-allow-credentials", "true");
}
