/// <reference types="node" />
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createSecureServer, type Http2SecureServer } from "node:http2";
import type { TLSSocket } from "node:tls";
import { type Http2Bindings, type HttpBindings, serve as serveNode } from "@hono/node-server";
import { routeContextOf } from "../http/context.ts";
import { handleDirect } from "./node-direct.ts";
import { directPublishAllowed, publishDirect } from "./node-publish.ts";
import { nodeTimeouts } from "./node-timeouts.ts";
import { type RunningServer, type ServeOptions, serveSettings, settleWithin } from "./serve-options.ts";

export type { RunningServer, ServeOptions, TlsOptions } from "./serve-options.ts";

/** Serves a hub on Node with @hono/node-server, with request and header timeouts. Resolves once listening. */
export function serve(options: ServeOptions): Promise<RunningServer> {
  const settings = serveSettings(options);
  const { host, port, handler } = settings;
  return new Promise((resolve, reject) => {
    const fetch = (request: Request, env: HttpBindings | Http2Bindings) =>
      handleDirect(request, env, handler);
    // With TLS: HTTP/2, so a browser's many event streams to the hub share one connection; HTTP/1.1 by ALPN
    // for clients that do not offer h2. The request timeouts apply to both.
    const listen = { fetch, port, hostname: host };
    const server = serveNode(
      options.tls
        ? {
            ...listen,
            createServer: withDirectPublish(createSecureServer, options),
            serverOptions: {
              ...nodeTimeouts(options),
              cert: options.tls.cert,
              key: options.tls.key,
              allowHTTP1: true,
            },
          }
        : {
            ...listen,
            createServer: withDirectPublish(createServer, options),
            serverOptions: nodeTimeouts(options),
          },
      (info) => {
        server.off("error", reject);
        resolve({
          port: info.port,
          url: settings.url(info.port),
          close: (closeOptions) =>
            closeServer(server as Server | Http2SecureServer, options, settings.timeoutOf(closeOptions)),
        });
      },
    );
    if (options.tls) trackTls(server as Http2SecureServer);
    server.once("error", reject);
  });
}

type RequestListener = (request: IncomingMessage, response: unknown) => void;

/**
 * Wraps a server factory so that publishes to a hub served on its own take the Node path ({@link publishDirect});
 * everything else, and a hub inside a parent app (`options.fetch`), goes to @hono/node-server's listener.
 */
function withDirectPublish<Factory extends (serverOptions: object, listener: RequestListener) => unknown>(
  create: Factory,
  options: ServeOptions,
): Factory {
  const ctx = options.fetch === undefined ? routeContextOf(options.hub) : undefined;
  if (ctx === undefined || !directPublishAllowed(ctx)) return create;
  const wrapped = (serverOptions: object, listener: RequestListener) =>
    create(serverOptions, (request, response) => {
      if (!publishDirect(request, response, ctx)) listener(request, response);
    });
  return wrapped as Factory;
}

async function closeServer(server: Server | Http2SecureServer, options: ServeOptions, timeoutMs: number) {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await options.hub.close({ timeoutMs });
  if ("closeAllConnections" in server) {
    // Ended streams leave idle keep-alive sockets; anything still busy after the timeout is cut.
    server.closeIdleConnections();
    await settleWithin(closed, timeoutMs, () => server.closeAllConnections());
  } else {
    await settleWithin(closed, timeoutMs, () => {
      for (const socket of tlsSockets.get(server) ?? []) socket.destroy();
    });
  }
  await closed;
}

// The TLS sockets of each HTTP/2 server (HTTP/2 sessions and HTTP/1.1 fallbacks), for cutting at the timeout.
const tlsSockets = new WeakMap<Http2SecureServer, Set<TLSSocket>>();

/** Tracks the connections of an HTTP/2 server; its sessions get a GOAWAY once the server stops accepting. */
function trackTls(server: Http2SecureServer): void {
  const sockets = new Set<TLSSocket>();
  tlsSockets.set(server, sockets);
  server.on("secureConnection", (socket: TLSSocket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("session", (session) => {
    // server.close() waits for every session: a GOAWAY lets open streams finish and refuses new ones.
    server.once("close", () => session.close());
  });
}
