import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { appDir, rootBin } from "./paths.ts";
import { waitFor } from "./wait-for.ts";

export type Runtime = "node" | "bun" | "deno";

export interface DashboardProcess {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** Sends SIGTERM to the process group and waits for it to end (SIGKILL if it has not after 10 s). */
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
    // Its own process group: bun and deno start through wrapper scripts whose runtime is a grandchild, and
    // stop() signals the whole group so none is left behind.
    { cwd: appDir, env: { ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  // "close" comes once every process holding the output pipes (the wrapper's children too) has ended.
  let closed = false;
  const exited = new Promise<void>((resolve) =>
    child.once("close", () => {
      closed = true;
      resolve();
    }),
  );

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
    await stopChild(child, exited, () => closed);
    throw new Error(`${(error as Error).message}\n${output}`, { cause: error });
  }
  return { url, stop: () => stopChild(child, exited, () => closed) };
}

async function stopChild(child: ChildProcess, exited: Promise<void>, isClosed: () => boolean): Promise<void> {
  // Never signal a group that is gone: its id could belong to someone else by now.
  if (isClosed()) return;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group has already ended.
    }
  };
  signalGroup("SIGTERM");
  const timer = setTimeout(() => signalGroup("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
