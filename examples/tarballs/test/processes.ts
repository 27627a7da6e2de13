import { type ChildProcess, spawn } from "node:child_process";

/** What a finished command printed. */
export interface RunResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end (killed after `timeoutMs`) and resolves with its output; rejects with the
 * output in the message when it exits non-zero or times out.
 */
export function run(command: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: "1" }, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else
        reject(new Error(`${command} ${args.join(" ")} ended with ${code ?? signal}\n${stdout}\n${stderr}`));
    });
  });
}

export interface Started {
  /** The first match of the pattern in the output. */
  match: string;
  stop(): Promise<void>;
}

/** Starts a long-running command and resolves once its output matches `pattern` (60 s at most). */
export async function start(command: string, args: string[], cwd: string, pattern: RegExp): Promise<Started> {
  const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: "1" }, stdio: "pipe" });
  let output = "";
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const stop = () => stopChild(child, closed);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = pattern.exec(output)?.[1];
    if (match !== undefined) return { match, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${command} ${args.join(" ")} did not print ${pattern}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stopChild(child: ChildProcess, closed: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await closed;
  clearTimeout(timer);
}
