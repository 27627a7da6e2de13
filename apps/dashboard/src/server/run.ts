// Start-up shared by the three runtime entry points: flags, files, shutdown. Uses node:process and node:url,
// which Node, Bun and Deno all provide; each entry point only brings its runtime's `serve`.
import process from "node:process";
import { fileURLToPath } from "node:url";
import { isConfigError } from "@ssehub/server/config";
import type { RunningServer, ServeOptions } from "@ssehub/server/node";
import { parseConfig, USAGE } from "./config.ts";
import { createDashboard } from "./dashboard.ts";
import { createAssetReader, createFileStore } from "./node-files.ts";

/** A runtime's `serve` from `@ssehub/server/node`, `/bun` or `/deno` (the three share one signature). */
export type Serve = (options: ServeOptions) => Promise<RunningServer>;

/** How long open streams get to end at shutdown before they are cut (ms). */
const SHUTDOWN_TIMEOUT = 2000;

// src/server/ and dist/server/ sit at the same depth, so these hold for the sources and the build alike.
const DEFAULT_DATA_DIR = new URL("../../.data/", import.meta.url);
const PUBLIC_DIR = new URL("../../dist/public/", import.meta.url);

/** Parses flags and environment, starts the dashboard and stops it cleanly on SIGINT/SIGTERM. */
export async function runDashboard(serve: Serve): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (!isConfigError(error)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (config === "help") {
    process.stdout.write(USAGE);
    return;
  }

  const dashboard = await createDashboard({
    store: createFileStore(config.dataDir ?? fileURLToPath(DEFAULT_DATA_DIR)),
    readAsset: createAssetReader(fileURLToPath(PUBLIC_DIR)),
    publishForm: config.publishForm,
  });
  let server: RunningServer;
  try {
    server = await serve({
      hub: dashboard.hub,
      fetch: dashboard.fetch,
      host: config.host,
      port: config.port,
    });
  } catch (error) {
    // Most often the port is taken: say so in one line rather than with a stack trace.
    process.stderr.write(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`ssehub dashboard on ${server.url}/\n`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    dashboard.stop();
    // Closes the hub too: subscribers get a `retry:` before their streams end, so open tabs come back.
    await server.close({ timeoutMs: SHUTDOWN_TIMEOUT });
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
