import { ClientError } from "./errors.ts";
import { discard, fetchResponse, requestHeaders } from "./request.ts";

/** Options of {@link discover}. */
export interface DiscoverOptions {
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  headers?: HeadersInit;
}

/** One `<target>; params` entry of a Link header (RFC 8288). */
const LINK = /<([^>]*)>((?:\s*;\s*(?:[^;,"]|"[^"]*")+)*)/g;
const REL = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i;

/** The targets of a Link header whose `rel` includes `mercure`, in order. */
export function mercureLinks(header: string): string[] {
  const found: string[] = [];
  for (const [, target, params] of header.matchAll(LINK)) {
    const rel = REL.exec(params ?? "");
    const relations = (rel?.[1] ?? rel?.[2] ?? "").toLowerCase().split(/\s+/);
    if (target !== undefined && relations.includes("mercure")) found.push(target);
  }
  return found;
}

/**
 * Finds the hub of a resource from its `Link: <…>; rel="mercure"` header (Mercure discovery) and
 * resolves it against the final URL. Rejects with `not-discovered` when there is none, `network` when the page
 * cannot be fetched, `invalid-options` for headers the platform refuses or a fetch that returns no Response.
 */
export async function discover(url: string, options: DiscoverOptions = {}): Promise<string> {
  // Reasons are ClientError codes (issue 4), not the platform's TypeError.
  const headers = requestHeaders(options.headers, () => {});
  const response = await fetchResponse(options.fetch, url, { headers, signal: options.signal });
  await discard(response);
  const [hub] = mercureLinks(response.headers.get("link") ?? "");
  if (hub === undefined) {
    const message = `${url} has no Link header with rel="mercure"`;
    throw new ClientError("not-discovered", message, { url, status: response.status, fatal: true });
  }
  return new URL(hub, response.url || url).href;
}
