import { type RunningServer, type ServeOptions, serveSettings, settleWithin } from "./serve-options.ts";

export type { RunningServer, ServeOptions } from "./serve-options.ts";

/** The part of Deno's server API used here. */
interface DenoServer {
  shutdown(): Promise<void>;
}

interface DenoGlobal {
  serve(
    options: {
      port: number;
      hostname: string;
      cert?: string;
      key?: string;
      onListen(address: { port: number }): void;
    },
    // The handler info goes on as the hub's `env`: its `remoteAddr` gives the client's address.
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>,
  ): DenoServer;
}

/** Serves a hub with `Deno.serve`. Resolves once listening. */
export function serve(options: ServeOptions): Promise<RunningServer> {
  const deno = (globalThis as unknown as { Deno?: DenoGlobal }).Deno;
  if (deno === undefined) return Promise.reject(new Error("@ssehub/server/deno needs the Deno runtime"));
  const settings = serveSettings(options);
  const { host, port, handler } = settings;
  return new Promise((resolve) => {
    const server = deno.serve(
      {
        port,
        hostname: host,
        ...options.tls,
        onListen: (address) => {
          resolve({
            port: address.port,
            url: settings.url(address.port),
            async close(closeOptions) {
              const timeoutMs = settings.timeoutOf(closeOptions);
              // shutdown() stops accepting and waits for the open responses, which hub.close() ends.
              const stopped = server.shutdown();
              await options.hub.close({ timeoutMs });
              await settleWithin(stopped, timeoutMs);
            },
          });
        },
      },
      handler,
    );
  });
}
