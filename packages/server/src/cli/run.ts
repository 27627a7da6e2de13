import { isAuthConfigError } from "../auth/errors.ts";
import { isConfigError } from "../config/errors.ts";
import type { CliIo } from "./io.ts";
import { runServe } from "./serve.ts";
import { runToken } from "./token.ts";
import { packageVersion } from "./version.ts";

/** `ssehub --help`. */
export const MAIN_HELP = `Usage: ssehub <command> [options]

A Mercure-protocol Server-Sent Events hub.

Commands:
  serve    run the hub (ssehub serve --help lists every option, its environment variable, default and unit)
  token    print a token signed with the configured key (ssehub token --help)

Options:
  -h, --help     show this help
  --version      print the version
`;

/** Runs one `ssehub` invocation and resolves to its exit status: 0 done, 1 failure, 2 bad usage. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "serve":
        return await runServe(rest, io);
      case "token":
        return await runToken(rest, io);
      case "-h":
      case "--help":
      case "help":
        io.stdout(MAIN_HELP);
        return 0;
      case "--version":
        io.stdout(`${packageVersion()}\n`);
        return 0;
      case undefined:
        io.stderr(`ssehub: missing command\n\n${MAIN_HELP}`);
        return 2;
      default:
        io.stderr(`ssehub: unknown command "${command}" (try ssehub --help)\n`);
        return 2;
    }
  } catch (error) {
    if (isConfigError(error) || isAuthConfigError(error)) {
      io.stderr(`ssehub ${command}: ${error.message}\n`);
      return 2;
    }
    io.stderr(`ssehub ${command}: ${describeFailure(error)}\n`);
    return 1;
  }
}

/** System errors (a port in use, a refused connection) speak for themselves; anything else shows its stack. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if ("code" in error && typeof error.code === "string") return error.message;
  return error.stack ?? error.message;
}
