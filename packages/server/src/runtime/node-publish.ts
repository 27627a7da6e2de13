/// <reference types="node" />
import { type IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { forwardedClient, normalizeAddress } from "../http/client-address.ts";
import type { RouteContext } from "../http/context.ts";
import { bodyTooLarge } from "../http/publish-body.ts";
import { publishFrom } from "../http/publish-flow.ts";
import { failedRequest } from "../http/refusal.ts";
import type { RequestHead } from "../http/request-head.ts";

const PUBLISH_PATH = "/.well-known/mercure";

/**
 * Node fast path for publishes: a `POST /.well-known/mercure` is read straight from Node's request and
 * answered on Node's response, through the same {@link publishFrom} as the Hono route, without the `Request`,
 * body stream, router and `Response` that the fetch path makes for each publish (they were a quarter of the
 * CPU of a publish on Node). Taken only where the Hono app would add nothing: the hub served on its own, no
 * CORS allowlist or access log (their middleware runs in the app), no query string (it may carry a token)
 * and a plain `Host`. Anything else, and HTTP/2, goes the usual way.
 * @returns false when the request is not one for this path.
 */
export function publishDirect(request: IncomingMessage, response: unknown, ctx: RouteContext): boolean {
  if (request.method !== "POST" || request.url !== PUBLISH_PATH) return false;
  if (!(response instanceof ServerResponse)) return false;
  const scheme = (request.socket as TLSSocket).encrypted ? "https" : "http";
  const origin = originOf(scheme, request.headers.host);
  if (origin === undefined) return false;
  const head = new NodeRequestHead(request.rawHeaders, `${origin}${PUBLISH_PATH}`);
  const address = () => {
    const peer = request.socket.remoteAddress;
    return forwardedClient(
      peer === undefined ? undefined : normalizeAddress(peer),
      head.headers,
      ctx.trustProxy,
    );
  };
  publishFrom(
    {
      head,
      address,
      readBody: (maxBodySize) => readBody(request, maxBodySize),
      request: () => head.toRequest(),
    },
    ctx,
  ).then(
    (id) => {
      if (response.destroyed) return;
      response.writeHead(200, {
        "content-type": "text/plain; charset=UTF-8",
        "content-length": Buffer.byteLength(id),
      });
      response.end(id);
    },
    (error: unknown) => answer(response, failedRequest(error, ctx, address)),
  );
  return true;
}

/** Whether `ctx`'s hub can take the Node publish path at all (see {@link publishDirect}). */
export function directPublishAllowed(ctx: RouteContext): boolean {
  return !ctx.options.accessLog && (ctx.options.corsOrigins ?? []).length === 0;
}

/** A raw request's URL and headers with `Request` semantics, and the `Request` itself made on demand. */
class NodeRequestHead implements RequestHead {
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  readonly #raw: string[];

  constructor(raw: string[], url: string) {
    this.url = url;
    this.#raw = raw;
    this.headers = { get: (name) => this.#get(name) };
  }

  /** Every field of `name` (lower case), joined with ", " as `Headers.get` does; Node keeps only one of some. */
  #get(name: string): string | null {
    const raw = this.#raw;
    let value: string | null = null;
    for (let i = 0; i < raw.length; i += 2) {
      const field = raw[i]!;
      if (field.length === name.length && field.toLowerCase() === name) {
        value = value === null ? raw[i + 1]! : `${value}, ${raw[i + 1]}`;
      }
    }
    return value;
  }

  toRequest(): Request {
    const headers = new Headers();
    for (let i = 0; i < this.#raw.length; i += 2) headers.append(this.#raw[i]!, this.#raw[i + 1]!);
    return new Request(this.url, { method: "POST", headers });
  }
}

// A host name, IPv4 address or bracketed IPv6 address, with an optional port: nothing a URL parser would
// read as credentials, a path or a query. Anything else goes to the fetch path and its own checks.
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

// Hosts repeat (one name per deployment): the last one's origin is kept rather than parsed per publish.
let lastHost = "";
let lastOrigin: string | undefined;

/** The origin as a `Request`'s URL would serialize it (lower case, no default port); undefined if unusable. */
function originOf(scheme: string, host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  const key = `${scheme}://${host}`;
  if (key === lastHost) return lastOrigin;
  let origin: string | undefined;
  try {
    origin = PLAIN_HOST.test(host) ? new URL(key).origin : undefined;
  } catch {
    origin = undefined;
  }
  lastHost = key;
  lastOrigin = origin;
  return origin;
}

/** Reads a body whole, refusing it as soon as it passes `maxBodySize` bytes (Node enforces a declared length). */
function readBody(request: IncomingMessage, maxBodySize: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBodySize) {
        // The rest is read and dropped by Node once the refusal is answered; the request timeout bounds it.
        request.off("data", onData);
        reject(bodyTooLarge(maxBodySize));
        return;
      }
      chunks.push(chunk);
    };
    // `on`, not `once`: each fires at most once for a request that is then dropped, and `once` wraps each
    // listener in two more objects per publish. A settled promise ignores a later `reject`.
    request.on("data", onData);
    request.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    request.on("error", reject);
    // A client that leaves mid-body: no `end`, and nobody to answer. (`close` follows every request.)
    request.on("close", () => {
      if (!request.complete) reject(new Error("the client closed the request before its end"));
    });
  });
}

/** Writes a fetch `Response` (a refusal: small, and rare) to Node's response. */
function answer(response: ServerResponse, refusal: Response): void {
  if (response.destroyed) return;
  const written = refusal.text().then((body) => {
    const headers: Record<string, string> = {};
    refusal.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers["content-length"] = String(Buffer.byteLength(body));
    response.writeHead(refusal.status, headers);
    response.end(body);
  });
  // Nothing a refusal carries should make Node refuse it; if it ever did, the client is cut, never the hub.
  written.catch(() => response.destroy());
}
