// Start-up shared by the three runtime entry points: flags, files, shutdown. Uses node:process and node:url,
// which Node, Bun and Deno all provide; each entry point only brings its runtime's `serve`.
import process from "node:process";
import { fileURLToPath } from "node:url";
import { ConfigError, parseConfig, USAGE } from "./config.ts";
import { createDashboard } from "./dashboard.ts";
import { createAssetReader, createFileStore } from "./node-files.ts";

/** A runtime's HTTP listener (the `serve` of `@ssehub/server/node`, `/bun` or `/deno`, adapted). */
export type Listen = (
  fetch: (request: Request) => Promise<Response>,
  options: { hostname: string; port: number },
) => Promise<{ port: number; close(): Promise<void> }>;

// src/server/ and dist/server/ sit at the same depth, so these hold for the sources and the build alike.
const DEFAULT_DATA_DIR = new URL("../../.data/", import.meta.url);
const PUBLIC_DIR = new URL("../../dist/public/", import.meta.url);

/** Parses flags and environment, starts the dashboard and stops it cleanly on SIGINT/SIGTERM. */
export async function runDashboard(listen: Listen): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
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
  const server = await listen(dashboard.fetch, { hostname: config.host, port: config.port });
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  process.stdout.write(`ssehub dashboard on http://${host}:${server.port}/\n`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    // Subscribers get a `retry:` before their streams end, so open tabs come back by themselves.
    await dashboard.close();
    await server.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
