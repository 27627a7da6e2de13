/// <reference types="node" />
import type { Server } from "node:http";
import { type Http2Bindings, type HttpBindings, serve as serveNode } from "@hono/node-server";
import { handleDirect } from "./node-direct.ts";
import { nodeTimeouts } from "./node-timeouts.ts";
import { type RunningServer, type ServeOptions, serveSettings, settleWithin } from "./serve-options.ts";

export type { RunningServer, ServeOptions } from "./serve-options.ts";

/** Serves a hub on Node with @hono/node-server, with request and header timeouts. Resolves once listening. */
export function serve(options: ServeOptions): Promise<RunningServer> {
  const settings = serveSettings(options);
  const { host, port, handler } = settings;
  return new Promise((resolve, reject) => {
    const fetch = (request: Request, env: HttpBindings | Http2Bindings) =>
      handleDirect(request, env, handler);
    const server = serveNode(
      { fetch, port, hostname: host, serverOptions: nodeTimeouts(options) },
      (info) => {
        server.off("error", reject);
        resolve({
          port: info.port,
          url: settings.url(info.port),
          close: (closeOptions) => closeServer(server as Server, options, settings.timeoutOf(closeOptions)),
        });
      },
    );
    server.once("error", reject);
  });
}

async function closeServer(server: Server, options: ServeOptions, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await options.hub.close({ timeoutMs });
  // Ended streams leave idle keep-alive sockets; anything still busy after the timeout is cut.
  server.closeIdleConnections();
  await settleWithin(closed, timeoutMs, () => server.closeAllConnections());
  await closed;
}
