import { createHub, type Hub, type HubOptions } from "@ssehub/server";
import { serve } from "@ssehub/server/serve";

export interface TestHub {
  hub: Hub;
  port: number;
  /** The hub endpoint, `http://127.0.0.1:<port>/.well-known/mercure`. */
  url: string;
  close(): Promise<void>;
}

/**
 * The real hub on a real socket, served by this runtime's `serve()` (`@ssehub/server/serve` picks Node,
 * Bun or Deno by export condition). Anonymous subscribers allowed unless the options say otherwise.
 */
export async function startHub(options: HubOptions = {}, port = 0): Promise<TestHub> {
  const hub = createHub({ allowAnonymous: true, ...options });
  const server = await serve({ hub, port });
  return {
    hub,
    port: server.port,
    url: `${server.url}/.well-known/mercure`,
    close: () => server.close({ timeoutMs: 2_000 }),
  };
}
