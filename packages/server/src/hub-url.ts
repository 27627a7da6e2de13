/**
 * The hub's own URL as a request reached it (origin and path, no query): the base against which relative
 * URL patterns (`/books/:id`) and relative topics resolve, in subscriptions and in draft-08 grants alike.
 */
export function hubURL(request: Request): string {
  const url = new URL(request.url);
  return `${url.origin}${url.pathname}`;
}
