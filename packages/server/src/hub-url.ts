/**
 * The hub's own URL as a request reached it (origin and path, no query): the base against which relative
 * URL patterns (`/books/:id`) and relative topics resolve, in subscriptions and in draft-08 grants alike.
 * With `publicUrl` (the hub's public origin, see `HubOptions.publicUrl`), its origin replaces the one taken
 * from the request's `Host`, which a client or a proxy chooses.
 */
export function hubURL(request: Request, publicUrl?: string): string {
  const url = new URL(request.url);
  return `${hubOrigin(request, publicUrl)}${url.pathname}`;
}

/** The hub's own origin: `publicUrl`'s when given, else the request's. */
export function hubOrigin(request: Request, publicUrl?: string): string {
  return new URL(publicUrl ?? request.url).origin;
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
