import type { RequestHead } from "./http/request-head.ts";

/**
 * The hub's own URL as a request reached it (origin and path, no query): the base against which relative
 * URL patterns (`/books/:id`) and relative topics resolve, in subscriptions and in draft-08 grants alike.
 * With `publicUrl` (the hub's public origin, see `HubOptions.publicUrl`), its origin replaces the one taken
 * from the request's `Host`, which a client or a proxy chooses.
 */
export function hubURL(request: RequestHead, publicUrl?: string): string {
  const split = splitURL(request.url);
  return `${publicUrl === undefined ? split.origin : originOf(publicUrl)}${split.path}`;
}

/** The hub's own origin: `publicUrl`'s when given, else the request's. */
export function hubOrigin(request: RequestHead, publicUrl?: string): string {
  return publicUrl === undefined ? splitURL(request.url).origin : originOf(publicUrl);
}

/**
 * Origin and path of a request's URL. A `Request`'s URL is already serialized by the URL parser (lower-case
 * host, no default port, no credentials), so for http(s) the origin ends at the first `/` after `//` and the
 * path at `?` or `#`; anything else is parsed.
 */
function splitURL(url: string): { origin: string; path: string } {
  const afterScheme = url.startsWith("https://") ? 8 : url.startsWith("http://") ? 7 : -1;
  const slash = afterScheme < 0 ? -1 : url.indexOf("/", afterScheme);
  if (slash < 0) {
    const parsed = new URL(url);
    return { origin: parsed.origin, path: parsed.pathname };
  }
  let end = slash;
  while (end < url.length && url[end] !== "?" && url[end] !== "#") end++;
  return { origin: url.slice(0, slash), path: url.slice(slash, end) };
}

// The configured public URL is one string for the hub's life: parsed once, not on every request.
let lastPublicUrl: string | undefined;
let lastPublicOrigin = "";

function originOf(publicUrl: string): string {
  if (publicUrl !== lastPublicUrl) {
    lastPublicOrigin = new URL(publicUrl).origin;
    lastPublicUrl = publicUrl;
  }
  return lastPublicOrigin;
}

/** Why `publicUrl` cannot be the hub's public origin, or undefined when it can (`https://hub.example.com`). */
export function publicUrlProblem(publicUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return `"${publicUrl}" is not an absolute URL`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `"${publicUrl}" is not an http(s) URL`;
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || url.username !== "") {
    return `"${publicUrl}" must be an origin only (scheme, host and port), e.g. https://hub.example.com`;
  }
  return undefined;
}
