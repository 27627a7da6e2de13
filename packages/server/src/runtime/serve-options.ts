import { releaseUnsent } from "../core/unsent-subscribers.ts";
import type { Hub } from "../types.ts";

export { settleWithin } from "../core/settle-within.ts";

/** Options of `serve()` (the same on Node, Bun and Deno). */
export interface ServeOptions {
  /** The hub to serve; closed by {@link RunningServer.close}. */
  hub: Hub;
  /**
   * Handler for every request. Default `hub.fetch`; pass a parent app's fetch when the hub is mounted in it.
   * Its second argument is the runtime's per-request `env` (where the hub finds the client's address): hand
   * it on, as Hono's `app.fetch(request, env)` does.
   */
  fetch?: Handler;
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Interface to listen on. Default "127.0.0.1". */
  host?: string;
  /**
   * Node only: time a client has to send a request's headers, in ms; then the connection is cut. Default 10000.
   */
  headersTimeout?: number;
  /**
   * Node only: time a client has to send a whole request (headers and body), in ms. A subscriber's request is
   * complete once its headers are in, so its stream is never cut by this. Default 60000.
   */
  requestTimeout?: number;
  /**
   * Serve HTTPS with this certificate chain and private key (PEM text). On Node the server speaks HTTP/2, with
   * HTTP/1.1 for clients that do not offer it (ALPN); Bun and Deno use what their servers support.
   */
  tls?: TlsOptions;
}

/** A certificate chain and its private key, as PEM text. */
export interface TlsOptions {
  cert: string;
  key: string;
}

/** A listening server. */
export interface RunningServer {
  /** The port actually bound (useful with `port: 0`). */
  port: number;
  /** `http://host:port`, or `https://…` with TLS. */
  url: string;
  /**
   * Stops accepting connections, closes the hub (subscribers get `retry:` and their streams end) and closes
   * the server; connections still open after `timeoutMs` (default 10000 ms) are cut.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** A fetch handler that also takes the runtime's per-request `env` (see {@link ServeOptions.fetch}). */
export type Handler = (request: Request, env?: unknown) => Response | Promise<Response>;

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_SHUTDOWN_TIMEOUT = 10_000;

/** Options with defaults applied. */
export interface ServeSettings {
  host: string;
  port: number;
  handler: Handler;
  /** `http://host:port` (or `https://`) for the bound port. */
  url(port: number): string;
  /** The shutdown timeout asked for in `close()`, or the default. */
  timeoutOf(closeOptions?: { timeoutMs?: number }): number;
}

export function serveSettings(options: ServeOptions): ServeSettings {
  const host = options.host ?? DEFAULT_HOST;
  return {
    host,
    port: options.port ?? DEFAULT_PORT,
    handler: releasingUnsent(options.fetch ?? options.hub.fetch),
    url: (port) => serverUrl(host, port, options.tls !== undefined),
    timeoutOf: (closeOptions) => closeOptions?.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT,
  };
}

/** `handler`, releasing any subscriber registered for a request whose response is not the one sent. */
function releasingUnsent(handler: Handler): (request: Request, env?: unknown) => Promise<Response> {
  return async (request, env) => {
    let response: Response | null = null;
    try {
      response = await handler(request, env);
      return response;
    } finally {
      releaseUnsent(request, response);
    }
  };
}

/** `http://host:port` (`https://` with TLS), with brackets around an IPv6 host. */
export function serverUrl(host: string, port: number, tls = false): string {
  return `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** True for the responses whose requests must not time out while idle (subscriber streams). */
export function isEventStream(response: Response): boolean {
  return response.headers.get("content-type")?.startsWith("text/event-stream") ?? false;
}
