import type { RequestHead } from "../http/request-head.ts";

/** Where a token came from; the query and the draft-07 cookie are draft-07 carriers, the `__Secure-` cookie draft-08's. */
export type Carrier = "header" | "query" | "cookie-07" | "cookie-08";

/** Cookie that carries a draft-07 token. */
export const DRAFT07_COOKIE = "mercureAuthorization";
/** Cookie that carries a draft-08 token (the `__Secure-` prefix: browsers set it over HTTPS only). */
export const DRAFT08_COOKIE = "__Secure-mercure_access_token";

/** A token found on a request, or why the request's Authorization header is unusable. */
export type FoundToken = { token: string; carrier: Carrier } | { malformed: string };

/**
 * Finds the request's token, in Mercure's order: `Authorization: Bearer`, then the `authorization` query
 * parameter, then the draft-08 cookie, then the draft-07 cookie. Null when there is none.
 */
export function findToken(request: RequestHead): FoundToken | null {
  const header = request.headers.get("authorization");
  if (header !== null) {
    const token = bearerToken(header);
    return token === undefined
      ? { malformed: "the Authorization header must be `Bearer <token>`" }
      : { token, carrier: "header" };
  }
  const query = new URL(request.url).searchParams.get("authorization");
  if (query !== null && query !== "") return { token: query, carrier: "query" };
  const cookies = parseCookies(request.headers.get("cookie"));
  const draft08 = cookies.get(DRAFT08_COOKIE);
  if (draft08) return { token: draft08, carrier: "cookie-08" };
  const draft07 = cookies.get(DRAFT07_COOKIE);
  if (draft07) return { token: draft07, carrier: "cookie-07" };
  return null;
}

// RFC 6750 §2.1: the scheme in any case, spaces around a token68. Linear: the parts' characters are disjoint, so
// no input can make it backtrack more than once per character; several times faster than a loop on every runtime.
const BEARER = /^bearer +[A-Za-z0-9\-._~+/]+=* *$/i;

/** The token of an `Authorization: Bearer <token68>` header; undefined for another form. */
function bearerToken(header: string): string | undefined {
  // Tested, then cut out around its spaces: a capture would allocate a match array on every request.
  if (!BEARER.test(header)) return undefined;
  let start = "bearer".length;
  while (header.charCodeAt(start) === 32) start++;
  let end = header.length;
  while (header.charCodeAt(end - 1) === 32) end--;
  return header.slice(start, end);
}

function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === null) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    // The first cookie of a name wins, as browsers send the most specific path first (RFC 6265 §5.4).
    if (!cookies.has(name)) cookies.set(name, unquote(part.slice(eq + 1).trim()));
  }
  return cookies;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
