import { type RunningServer, type ServeOptions, serveSettings, settleWithin } from "./serve-options.ts";

export type { RunningServer, ServeOptions } from "./serve-options.ts";

/** The part of Deno's server API used here. */
interface DenoServer {
  /** Settles once the server closed (after its `signal` aborted). */
  finished: Promise<void>;
}

/** Deno's handler info: the client's address, and when the response was fully sent (or failed). */
interface DenoHandlerInfo {
  remoteAddr: { hostname: string };
  completed: Promise<void>;
}

interface DenoGlobal {
  serve(
    options: {
      port: number;
      hostname: string;
      cert?: string;
      key?: string;
      signal: AbortSignal;
      onListen(address: { port: number }): void;
    },
    // The handler info goes on as the hub's `env`: its `remoteAddr` gives the client's address.
    handler: (request: Request, info: DenoHandlerInfo) => Response | Promise<Response>,
  ): DenoServer;
}

/** Serves a hub with `Deno.serve`. Resolves once listening. */
export function serve(options: ServeOptions): Promise<RunningServer> {
  const deno = (globalThis as unknown as { Deno?: DenoGlobal }).Deno;
  if (deno === undefined) return Promise.reject(new Error("@ssehub/server/deno needs the Deno runtime"));
  const settings = serveSettings(options);
  const { host, port, handler } = settings;
  // Deno's shutdown() waits for every open response and cannot be cut short, so a client that stopped reading
  // would hold it forever; aborting the server's signal closes it and cuts its connections at once. So close()
  // lets the responses in progress finish, up to the timeout, then aborts.
  const stop = new AbortController();
  const sending = new Set<Promise<void>>();
  return new Promise((resolve) => {
    const server = deno.serve(
      {
        port,
        hostname: host,
        ...options.tls,
        signal: stop.signal,
        onListen: (address) => {
          resolve({
            port: address.port,
            url: settings.url(address.port),
            async close(closeOptions) {
              const timeoutMs = settings.timeoutOf(closeOptions);
              await options.hub.close({ timeoutMs });
              await settleWithin(Promise.allSettled([...sending]), timeoutMs);
              stop.abort();
              await server.finished;
            },
          });
        },
      },
      (request, info) => {
        const sent: Promise<void> = info.completed.then(
          () => void sending.delete(sent),
          () => void sending.delete(sent),
        );
        sending.add(sent);
        return handler(request, info);
      },
    );
  });
}
