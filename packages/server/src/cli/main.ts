/// <reference types="node" />
import process from "node:process";
import { run } from "./run.ts";

// The bin's entry: wires the real process (arguments, environment, streams, signals) to `run`.
const shutdown = new AbortController();
let signalled = false;
const onSignal = (signal: NodeJS.Signals) => {
  if (signalled) {
    process.stderr.write(`ssehub: second ${signal}, exiting at once\n`);
    process.exit(1);
  }
  signalled = true;
  shutdown.abort();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

const code = await run(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  shutdown: shutdown.signal,
});
// Exit explicitly: idle keep-alive sockets or a JWKS fetch must not hold a finished process open.
process.exitCode = code;
process.stdout.write("", () => process.exit(code));
