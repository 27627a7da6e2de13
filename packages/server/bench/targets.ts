// The servers the fan-out benchmark compares, each started as its own process. Bun and Deno run the
// package sources; Node runs the compiled files, as users of each runtime would.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

export interface Target {
  name: string;
  command: string;
  args: string[];
  subscribePath: string;
  publishPath: string;
  /** Variables added to the environment it starts with. */
  env?: Record<string, string>;
}

function repoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
  }
  throw new Error(`no workspace root above ${from}`);
}

/** The baseline and ssehub on each runtime; `compiledBench` is this folder's compiled twin. */
export function targets(packageDir: string, compiledBench: string): Target[] {
  const root = repoRoot(packageDir);
  const hubPaths = { subscribePath: "/.well-known/mercure?topic=bench", publishPath: "/.well-known/mercure" };
  const source = join(packageDir, "bench/servers/ssehub.ts");
  return [
    {
      name: "baseline node:http",
      command: process.execPath,
      args: [join(compiledBench, "servers/baseline.js")],
      subscribePath: "/sse",
      publishPath: "/publish",
    },
    {
      name: "ssehub node",
      command: process.execPath,
      args: [join(compiledBench, "servers/ssehub.js")],
      ...hubPaths,
    },
    {
      name: "ssehub bun",
      command: join(root, "node_modules/bun/bin/bun.exe"),
      args: ["--conditions=source", source],
      ...hubPaths,
    },
    {
      name: "ssehub deno",
      command: join(root, "node_modules/deno/deno"),
      args: ["run", "-A", "--conditions=source", source],
      ...hubPaths,
    },
  ];
}

/** Starts a target in its own process; resolves once it printed the port it listens on. */
export function startTarget(
  target: Target,
  packageDir: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(target.command, target.args, {
    cwd: packageDir,
    env: { ...process.env, ...target.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.on("exit", (code) => reject(new Error(`${target.name} exited with ${code} before listening`)));
  });
}

/**
 * Starts `target`, runs the load generator `script` (a compiled bench file) against it with the spec made
 * from the server's port and pid, and returns the generator's JSON result; the server is killed afterwards.
 */
export async function runLoad<Result>(
  target: Target,
  packageDir: string,
  script: string,
  spec: (port: number, serverPid: number) => object,
): Promise<Result> {
  const { child, port } = await startTarget(target, packageDir);
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [script, JSON.stringify(spec(port, child.pid!))],
      {
        maxBuffer: 1 << 20,
      },
    );
    return JSON.parse(stdout) as Result;
  } finally {
    child.kill("SIGKILL");
  }
}
