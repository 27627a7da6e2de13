// Starts a hub over a real socket with the serve() of the runtime running the tests.
import { createHub } from "../../src/create-hub.ts";
import { serveOnCurrentRuntime } from "../../src/runtime/current.ts";
import type { RunningServer, ServeOptions } from "../../src/runtime/serve-options.ts";
import type { Hub, HubOptions } from "../../src/types.ts";

export { runtimeName } from "../../src/runtime/current.ts";

export interface TestHub {
  hub: Hub;
  server: RunningServer;
  /** Base URL of the server (`http://127.0.0.1:port`). */
  url: string;
  /** The hub endpoint. */
  endpoint: string;
}

/** Runs `body` against a fresh hub on a free port; the server is closed afterwards whatever happens. */
export async function withHub(
  options: HubOptions,
  body: (t: TestHub) => Promise<void>,
  serveOptions: Partial<ServeOptions> = {},
): Promise<void> {
  const hub = createHub(options);
  const server = await serveOnCurrentRuntime({ hub, port: 0, host: "127.0.0.1", ...serveOptions });
  try {
    await body({ hub, server, url: server.url, endpoint: `${server.url}/.well-known/mercure` });
  } finally {
    // Short: after hub.close() only idle sockets remain, some kept by the test's own fetch after an abort.
    await server.close({ timeoutMs: 300 });
  }
}

/** Resolves once `condition()` is true; rejects after `timeoutMs` with `what` in the message. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
