/// <reference types="node" />
import { type IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { forwardedClient, normalizeAddress } from "../http/client-address.ts";
import type { RouteContext } from "../http/context.ts";
import { bodyTooLarge } from "../http/publish-body.ts";
import { finishPublish, type PublishRequest, type PublishStart, startPublish } from "../http/publish-flow.ts";
import { failedRequest } from "../http/refusal.ts";
import type { RequestHead } from "../http/request-head.ts";
import { writeBatching } from "./node-direct.ts";

const PUBLISH_PATH = "/.well-known/mercure";

/**
 * Node fast path for publishes: a `POST /.well-known/mercure` is read straight from Node's request and
 * answered on Node's response, through the same steps as the Hono route ({@link startPublish} and
 * {@link finishPublish}), without the `Request`, body stream, router and `Response` that the fetch path makes
 * for each publish (they were a quarter of the CPU of a publish on Node), and, when every step answers at once
 * (a cached or HMAC token, no hook, the memory broker), without a promise: the body's end is answered in its
 * own callback. Taken only where the Hono app would add nothing: the hub served on its own, no CORS allowlist or
 * access log (their middleware runs in the app), no query string (it may carry a token) and a plain `Host`.
 * Anything else, and HTTP/2, goes the usual way.
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
  new DirectPublish(request, response, url, ctx).start();
  return true;
}

/** Whether `ctx`'s hub can take the Node publish path at all (see {@link publishDirect}). */
export function directPublishAllowed(ctx: RouteContext): boolean {
  return !ctx.options.accessLog && (ctx.options.corsOrigins ?? []).length === 0;
}

/**
 * One publish on Node's request and response: the request's own head (URL and headers with `Request` semantics,
 * read from the raw header list), its body read from Node's stream, a `Request` made only if a hook asks, and the
 * answer. One object per publish, where closures for each part cost an allocation apiece.
 */
class DirectPublish implements PublishRequest, RequestHead {
  readonly url: string;
  readonly #request: IncomingMessage;
  readonly #response: ServerResponse;
  readonly #ctx: RouteContext;

  constructor(request: IncomingMessage, response: ServerResponse, url: string, ctx: RouteContext) {
    this.url = url;
    this.#request = request;
    this.#response = response;
    this.#ctx = ctx;
  }

  /** Runs the steps before the body, then reads it. */
  start(): void {
    this.#then(
      () => startPublish(this, this.#ctx),
      (start) => this.#read(start),
    );
  }

  #read(start: PublishStart): void {
    readBody(
      this.#request,
      this.#ctx.maxBodySize,
      (bytes) =>
        this.#then(
          () => finishPublish(start, bytes, this, this.#ctx),
          (id) => this.#answer(id),
        ),
      (error) => this.#refuse(error),
    );
  }

  /** Runs `step`, then `next` with what it gives: at once when it answers at once. A refusal is answered. */
  #then<T>(step: () => T | Promise<T>, next: (value: T) => void): void {
    let value: T | Promise<T>;
    try {
      value = step();
    } catch (error) {
      this.#refuse(error);
      return;
    }
    if (value instanceof Promise) value.then(next, (error) => this.#refuse(error));
    else next(value);
  }

  #answer(id: string): void {
    const response = this.#response;
    if (response.destroyed) return;
    response.writeHead(200, {
      "content-type": "text/plain; charset=UTF-8",
      "content-length": Buffer.byteLength(id),
    });
    response.end(id);
  }

  #refuse(error: unknown): void {
    answer(
      this.#response,
      failedRequest(error, this.#ctx, () => this.address()),
    );
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
    return forwardedClient(
      peer === undefined ? undefined : normalizeAddress(peer),
      this,
      this.#ctx.trustProxy,
    );
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

/**
 * Reads a body whole and gives it to `done`, or refuses it to `fail` as soon as it passes `maxBodySize` bytes
 * (Node enforces a declared length) or when the client leaves before its end.
 */
function readBody(
  request: IncomingMessage,
  maxBodySize: number,
  done: (body: Uint8Array) => void,
  fail: (error: unknown) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  // Once refused or read, neither callback is called again.
  let settled = false;
  const onData = (chunk: Buffer) => {
    size += chunk.byteLength;
    if (size > maxBodySize) {
      // The rest is read and dropped by Node once the refusal is answered; the request timeout bounds it.
      request.off("data", onData);
      settled = true;
      fail(bodyTooLarge(maxBodySize));
      return;
    }
    chunks.push(chunk);
  };
  // `on`, not `once`: each fires at most once for a request that is then dropped, and `once` wraps each
  // listener in two more objects per publish.
  request.on("data", onData);
  request.on("end", () => {
    if (settled) return;
    settled = true;
    done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
  });
  // A client that leaves mid-body, or a broken body: no `end`, and nobody to answer. `close` follows every
  // request; Node emits a request's `error` only to a listener, so none is added. (A flag rather than
  // `request.complete`, which the profile showed read through V8's generic property lookup.)
  request.on("close", () => {
    if (settled) return;
    settled = true;
    fail(new Error("the client closed the request before its end"));
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
