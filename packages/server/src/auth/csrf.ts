import type { RequestHead } from "../http/request-head.ts";
import { hubOrigin } from "../hub-url.ts";

/**
 * Whether a publish authenticated by a cookie may proceed. Browsers attach cookies to cross-site form posts,
 * which need no CORS preflight, so such a request is accepted only from the hub's own origin or an origin of
 * the CORS allowlist (never through `*`), as Mercure does with its `publish_origins`. The hub's own origin is
 * `publicUrl`'s when given: the request's `Host` is the client's to choose.
 */
export function cookiePublishAllowed(
  request: RequestHead,
  corsOrigins: readonly string[] = [],
  publicUrl?: string,
): boolean {
  const origin = requestOrigin(request);
  if (origin === undefined) return false;
  return origin === hubOrigin(request, publicUrl) || corsOrigins.includes(origin);
}

function requestOrigin(request: RequestHead): string | undefined {
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== "null") return origin;
  const referer = request.headers.get("referer");
  if (referer === null) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
