import type { Context } from "hono";
import type { RequestHead } from "./request-head.ts";

/**
 * The address of the peer that sent a request, from what the runtime passes with it as Hono's `env`:
 * `{ remoteAddress }` (ssehub's own form), @hono/node-server's bindings (`incoming.socket.remoteAddress`),
 * Bun's server (`requestIP(request)`) or Deno's handler info (`remoteAddr.hostname`). Undefined when the
 * runtime gave none (a hub called as a plain fetch function).
 */
export function peerAddress(env: unknown, request: Request): string | undefined {
  if (typeof env !== "object" || env === null) return undefined;
  const bindings = env as {
    remoteAddress?: unknown;
    incoming?: { socket?: { remoteAddress?: unknown } };
    requestIP?: (request: Request) => { address?: unknown } | null;
    remoteAddr?: { hostname?: unknown };
  };
  const found =
    bindings.remoteAddress ??
    bindings.incoming?.socket?.remoteAddress ??
    (typeof bindings.requestIP === "function" ? bindings.requestIP(request)?.address : undefined) ??
    bindings.remoteAddr?.hostname;
  return typeof found === "string" && found !== "" ? normalizeAddress(found) : undefined;
}

/**
 * The client's address for limits and logs. With `trustProxy` hops, it is the `trustProxy`-th address from
 * the right of `X-Forwarded-For` (or, without that header, of `Forwarded`'s `for=`): each trusted proxy
 * appends the address it received from, so the entries further left were written by the client and may
 * be anything. A shorter chain yields its leftmost entry; no header at all, the peer's address.
 */
export function clientAddress(c: Context, trustProxy: number): string | undefined {
  return forwardedClient(peerAddress(c.env, c.req.raw), c.req.raw.headers, trustProxy);
}

/** {@link clientAddress} from the peer's address and the request's headers. */
export function forwardedClient(
  peer: string | undefined,
  headers: RequestHead["headers"],
  trustProxy: number,
): string | undefined {
  if (trustProxy === 0) return peer;
  const chain = forwardedChain(headers);
  if (chain.length === 0) return peer;
  return chain[Math.max(0, chain.length - trustProxy)];
}

/** The forwarded addresses, leftmost (furthest from the hub) first. */
function forwardedChain(headers: RequestHead["headers"]): string[] {
  const forwardedFor = headers.get("x-forwarded-for");
  if (forwardedFor !== null) return addresses(forwardedFor.split(","));
  const forwarded = headers.get("forwarded");
  if (forwarded === null) return [];
  // RFC 7239 §4: elements separated by commas, each a list of `name=value` pairs separated by semicolons.
  const hops: string[] = [];
  for (const element of forwarded.split(",")) {
    for (const pair of element.split(";")) {
      const eq = pair.indexOf("=");
      if (eq >= 0 && pair.slice(0, eq).trim().toLowerCase() === "for") hops.push(pair.slice(eq + 1));
    }
  }
  return addresses(hops);
}

function addresses(values: string[]): string[] {
  return values.map((value) => normalizeAddress(value.trim().replace(/^"(.*)"$/, "$1"))).filter(Boolean);
}

/**
 * One spelling per address, so that limits count a client once: no brackets or port (`[::1]:80`,
 * `192.0.2.1:80`), and an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, what a dual-stack socket reports) as IPv4.
 */
export function normalizeAddress(address: string): string {
  let value = address;
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(value);
  if (bracketed !== null) value = bracketed[1]!;
  else if (/^[^:]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  return (mapped === null ? value : mapped[1]!).toLowerCase();
}
