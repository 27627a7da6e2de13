import type { RunningServer, ServeOptions } from "./serve-options.ts";

/** A runtime the hub has an entry point for. */
export type RuntimeName = "node" | "bun" | "deno";

const globals = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };

/** The runtime running this code, by feature detection (Bun and Deno also provide Node's `process`). */
export const runtimeName: RuntimeName = globals.Bun ? "bun" : globals.Deno ? "deno" : "node";

/** `bun 1.4.5`, `deno 2.9.6` or `node v20.20.2`, for banners and logs. */
export function runtimeVersion(): string {
  if (globals.Bun) return `bun ${globals.Bun.version}`;
  if (globals.Deno) return `deno ${globals.Deno.version.deno}`;
  return `node ${(globalThis as { process?: { version: string } }).process?.version ?? "?"}`;
}

/**
 * Serves with the running runtime's own server (`Bun.serve`, `Deno.serve`, or Node's through
 * @hono/node-server). Only the chosen entry is loaded, so Bun and Deno never load Node's adapter.
 */
export async function serveOnCurrentRuntime(options: ServeOptions): Promise<RunningServer> {
  if (runtimeName === "bun") return (await import("./bun.ts")).serve(options);
  if (runtimeName === "deno") return (await import("./deno.ts")).serve(options);
  return (await import("./node.ts")).serve(options);
}
