/// <reference types="node" />
import { type IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { forwardedClient, normalizeAddress } from "../http/client-address.ts";
import type { RouteContext } from "../http/context.ts";
import { bodyTooLarge } from "../http/publish-body.ts";
import { type PublishSource, publishFrom } from "../http/publish-flow.ts";
import { failedRequest } from "../http/refusal.ts";
import type { RequestHead } from "../http/request-head.ts";
import { writeBatching } from "./node-direct.ts";

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
  // From the raw list: `request.headers` would build an object of every field for this one.
  const url = publishURL(scheme, rawHeader(request.rawHeaders, "host"));
  if (url === undefined) return false;
  writeBatching.requestOn(request.socket);
  const source = new NodePublishSource(request, url, ctx.trustProxy);
  publishFrom(source, ctx).then(
    (id) => {
      if (response.destroyed) return;
      response.writeHead(200, {
        "content-type": "text/plain; charset=UTF-8",
        "content-length": Buffer.byteLength(id),
      });
      response.end(id);
    },
    (error: unknown) =>
      answer(
        response,
        failedRequest(error, ctx, () => source.address()),
      ),
  );
  return true;
}

/** Whether `ctx`'s hub can take the Node publish path at all (see {@link publishDirect}). */
export function directPublishAllowed(ctx: RouteContext): boolean {
  return !ctx.options.accessLog && (ctx.options.corsOrigins ?? []).length === 0;
}

/**
 * A raw request as a publish source: its own head (URL and headers with `Request` semantics, read from the raw
 * header list), its body read from Node's stream, and a `Request` made only if a hook asks. One object per
 * publish, where closures for each part cost an allocation apiece.
 */
class NodePublishSource implements PublishSource, RequestHead {
  readonly url: string;
  readonly #request: IncomingMessage;
  readonly #trustProxy: RouteContext["trustProxy"];

  constructor(request: IncomingMessage, url: string, trustProxy: RouteContext["trustProxy"]) {
    this.url = url;
    this.#request = request;
    this.#trustProxy = trustProxy;
  }

  get head(): RequestHead {
    return this;
  }

  get headers(): { get(name: string): string | null } {
    return this;
  }

  get(name: string): string | null {
    return rawHeader(this.#request.rawHeaders, name);
  }

  address(): string | undefined {
    const peer = this.#request.socket.remoteAddress;
    return forwardedClient(peer === undefined ? undefined : normalizeAddress(peer), this, this.#trustProxy);
  }

  readBody(maxBodySize: number): Promise<Uint8Array> {
    return readBody(this.#request, maxBodySize);
  }

  request(): Request {
    const raw = this.#request.rawHeaders;
    const headers = new Headers();
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    return new Request(this.url, { method: "POST", headers });
  }
}

/** Every field of `name` (lower case), joined with ", " as `Headers.get` does; Node keeps only one of some. */
function rawHeader(raw: string[], name: string): string | null {
  let value: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const field = raw[i]!;
    if (field.length === name.length && field.toLowerCase() === name) {
      value = value === null ? raw[i + 1]! : `${value}, ${raw[i + 1]}`;
    }
  }
  return value;
}

// A host name, IPv4 address or bracketed IPv6 address, with an optional port: nothing a URL parser would
// read as credentials, a path or a query. Anything else goes to the fetch path and its own checks.
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

// Hosts repeat (one name per deployment): the last one's publish URL is kept rather than parsed per publish.
let lastScheme = "";
let lastHost = "";
let lastURL: string | undefined;

/** The publish URL as a `Request`'s would serialize (origin lower case, no default port); undefined if unusable. */
function publishURL(scheme: string, host: string | null): string | undefined {
  if (host === null) return undefined;
  if (host === lastHost && scheme === lastScheme) return lastURL;
  let origin: string | undefined;
  try {
    origin = PLAIN_HOST.test(host) ? new URL(`${scheme}://${host}`).origin : undefined;
  } catch {
    origin = undefined;
  }
  lastScheme = scheme;
  lastHost = host;
  lastURL = origin === undefined ? undefined : `${origin}${PUBLISH_PATH}`;
  return lastURL;
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
    let ended = false;
    request.on("end", () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    // A client that leaves mid-body, or a broken body: no `end`, and nobody to answer. `close` follows every
    // request; Node emits a request's `error` only to a listener, so none is added. (A flag rather than
    // `request.complete`, which the profile showed read through V8's generic property lookup.)
    request.on("close", () => {
      if (!ended) reject(new Error("the client closed the request before its end"));
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
