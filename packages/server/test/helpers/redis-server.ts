// A real redis-server per test, on a free loopback port, killed by its PID.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "./runtime.ts";

/** Why Redis tests cannot run here (no redis-server on PATH), or false. */
export const redisSkip: string | false =
  spawnSync("redis-server", ["--version"]).status === 0 ? false : "redis-server is not installed";

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RedisProcess {
  port: number;
  url: string;
  /** The folder of its files (for a restart with persistence). */
  dir: string;
  child: ChildProcess;
  /** Kills it (SIGKILL) and waits for the exit. */
  kill(): Promise<void>;
  /** Kills it and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on `port` (free by default) with no persistence unless `extra` asks for it, and
 * resolves once it answers. `dir` keeps its files (the same one for a restart).
 */
export async function startRedis(
  options: { port?: number; dir?: string; extra?: string[] } = {},
): Promise<RedisProcess> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "ssehub-redis-"));
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    "no",
  ];
  const child = spawn("redis-server", [...args, ...(options.extra ?? [])], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitFor(
    () => output.includes("Ready to accept connections") || child.exitCode !== null,
    `redis-server on port ${port} to start`,
    10_000,
  );
  if (child.exitCode !== null) throw new Error(`redis-server exited:\n${output}`);
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    child,
    kill,
    async stop() {
      await kill();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
