// Runs `ssehub serve` as a child process of the runtime running the tests (Node, Bun or Deno), so a test can
// kill it, restart it on the same files and see what the next process finds.
import { type ChildProcess, spawn } from "node:child_process";
import process from "node:process";
import { BIN } from "../fixtures/cli-process.ts";
import { runtimeName, waitFor } from "./runtime.ts";

/** The command running the CLI with this runtime; `prefix` (e.g. `setpriv …`) runs it as another user. */
export function cliCommand(args: string[], prefix: string[] = []): [string, string[]] {
  const runtime = runtimeName === "deno" ? [process.execPath, "run", "-A"] : [process.execPath];
  const [command, ...rest] = [...prefix, ...runtime, BIN, ...args];
  return [command!, rest];
}

export interface HubProcess {
  child: ChildProcess;
  /** The hub endpoint, once it listens. */
  endpoint: string;
  stderr(): string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** What a CLI run that ended wrote, and its exit code. */
export interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the CLI and collects its output; `ready` resolves with the endpoint, or with the end of the run. */
function spawnCli(args: string[], env: Record<string, string>, prefix: string[] = []) {
  const [command, rest] = cliCommand(args, prefix);
  const child = spawn(command, rest, { env: { PATH: process.env.PATH ?? "", ...env }, stdio: "pipe" });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
  });
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once("close", (status, signal) => {
      code = status ?? (signal === null ? null : -1);
      resolve(status);
    }),
  );
  return { child, exited, out: () => out, err: () => err, ended: () => code !== undefined };
}

const LISTENING = /listening on (http:\/\/\S+)/;

/** Starts a hub and waits until it listens; throws with its output when it exits first. */
export async function startHub(args: string[], env: Record<string, string> = {}): Promise<HubProcess> {
  const run = spawnCli(["serve", "--port", "0", ...args], env);
  await waitFor(() => LISTENING.test(run.out()) || run.ended(), "the hub to listen", 20_000);
  const match = LISTENING.exec(run.out());
  if (match === null) throw new Error(`the hub exited before listening:\n${run.err()}`);
  return {
    child: run.child,
    endpoint: `${match[1]}/.well-known/mercure`,
    stderr: run.err,
    exited: run.exited,
    async kill(signal) {
      if (!run.ended()) run.child.kill(signal);
      return run.exited;
    },
  };
}

/** Runs the CLI expecting it to end by itself (a refusal); kills it if it is still running after `timeoutMs`. */
export async function runToEnd(
  args: string[],
  options: { env?: Record<string, string>; prefix?: string[]; timeoutMs?: number } = {},
): Promise<Ended> {
  const run = spawnCli(args, options.env ?? {}, options.prefix);
  try {
    await waitFor(run.ended, `ssehub ${args.join(" ")} to exit`, options.timeoutMs ?? 20_000);
  } finally {
    if (!run.ended()) run.child.kill("SIGKILL");
  }
  return { code: await run.exited, stdout: run.out(), stderr: run.err() };
}
