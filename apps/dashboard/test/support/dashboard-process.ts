import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { appDir, rootBin } from "./paths.ts";
import { waitFor } from "./wait-for.ts";

export type Runtime = "node" | "bun" | "deno";

export interface DashboardProcess {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** Sends SIGTERM and waits for the process to exit (SIGKILL if it has not after 10 s). */
  stop(): Promise<void>;
}

const COMMANDS: Record<Runtime, () => string[]> = {
  node: () => [process.execPath, join(appDir, "dist/server/main-node.js")],
  bun: () => [rootBin("bun"), "--conditions=source", join(appDir, "src/server/main-bun.ts")],
  deno: () => [rootBin("deno"), "run", "-A", "--conditions=source", join(appDir, "src/server/main-deno.ts")],
};

/**
 * Starts the dashboard server as a child process on 127.0.0.1 and resolves once it printed its address.
 * The environment carries no SSEHUB_* variable from outside, so only the given flags apply.
 */
export async function startDashboard(options: {
  runtime?: Runtime;
  port: number;
  dataDir: string;
  args?: string[];
}): Promise<DashboardProcess> {
  const [command, ...commandArgs] = COMMANDS[options.runtime ?? "node"]();
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("SSEHUB_")));
  const child = spawn(
    command!,
    [
      ...commandArgs,
      "--host",
      "127.0.0.1",
      "--port",
      String(options.port),
      "--data-dir",
      options.dataDir,
      ...(options.args ?? []),
    ],
    { cwd: appDir, env: { ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const url = `http://127.0.0.1:${options.port}/`;
  try {
    await waitFor(
      `the ${options.runtime ?? "node"} dashboard to listen`,
      () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output}`);
        return output.includes(url);
      },
      30_000,
    );
  } catch (error) {
    await stopChild(child, exited);
    throw new Error(`${(error as Error).message}\n${output}`, { cause: error });
  }
  return { url, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
