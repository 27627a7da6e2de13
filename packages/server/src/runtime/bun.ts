import {
  isEventStream,
  type RunningServer,
  type ServeOptions,
  serveSettings,
  settleWithin,
} from "./serve-options.ts";

export type { RunningServer, ServeOptions } from "./serve-options.ts";

/** The part of Bun's server API used here. */
interface BunServer {
  readonly port: number;
  requestIP(request: Request): { address: string } | null;
  timeout(request: Request, seconds: number): void;
  stop(closeActiveConnections?: boolean): Promise<void>;
}

interface BunGlobal {
  serve(options: {
    port: number;
    hostname: string;
    tls?: { cert: string; key: string };
    fetch(request: Request, server: BunServer): Response | Promise<Response>;
  }): BunServer;
}

/** Serves a hub with `Bun.serve`; subscriber streams have no idle timeout. Resolves once listening. */
export function serve(options: ServeOptions): Promise<RunningServer> {
  const bun = (globalThis as unknown as { Bun?: BunGlobal }).Bun;
  if (bun === undefined) return Promise.reject(new Error("@ssehub/server/bun needs the Bun runtime"));
  const settings = serveSettings(options);
  const { host, port, handler } = settings;
  const server = bun.serve({
    port,
    hostname: host,
    ...(options.tls && { tls: options.tls }),
    async fetch(request, bunServer) {
      // The server goes on as the hub's `env`: its `requestIP` gives the client's address.
      const response = await handler(request, bunServer);
      // Bun cuts a request idle for 10 s by default; a subscriber stream is idle between heartbeats.
      if (isEventStream(response)) bunServer.timeout(request, 0);
      return response;
    },
  });
  return Promise.resolve({
    port: server.port,
    url: settings.url(server.port),
    async close(closeOptions) {
      const timeoutMs = settings.timeoutOf(closeOptions);
      const stopped = server.stop(false);
      await options.hub.close({ timeoutMs });
      await settleWithin(stopped, timeoutMs, () => server.stop(true));
    },
  });
}
