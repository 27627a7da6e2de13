import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type Runtime = "node" | "bun" | "deno";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const rootBin = (name: string): string => join(exampleDir, "..", "..", "node_modules", ".bin", name);

/** The README's command for each runtime. */
const COMMANDS: Record<Runtime, () => string[]> = {
  node: () => [process.execPath, "server.js"],
  bun: () => [rootBin("bun"), "server.js"],
  deno: () => [rootBin("deno"), "run", "-A", "server.js"],
};

export interface ServerProcess {
  /** `http://127.0.0.1:<port>/`, as the server printed it. */
  url: string;
  /** Ends the process group (the bun and deno wrappers start the runtime as a grandchild). */
  stop(): Promise<void>;
}

/** Starts server.js on a free port with `runtime` and resolves once it printed its URL (60 s at most). */
export async function startServer(runtime: Runtime): Promise<ServerProcess> {
  const [command, ...args] = COMMANDS[runtime]();
  const child = spawn(command as string, args, {
    cwd: exampleDir,
    env: { ...process.env, PORT: "0", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const stop = () => stopGroup(child, closed);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const url = /live counter on (http:\/\/\S+)/.exec(output)?.[1];
    if (url !== undefined) return { url, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the ${runtime} server did not print its URL (exit ${child.exitCode}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stopGroup(child: ChildProcess, closed: Promise<void>): Promise<void> {
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // The group has already gone.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 10_000);
  await closed;
  clearTimeout(timer);
}
