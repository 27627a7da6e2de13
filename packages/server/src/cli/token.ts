import { roleSettings } from "../auth/roles.ts";
import { signToken } from "../auth/sign.ts";
import type { Action } from "../auth/types.ts";
import { ConfigError } from "../config/errors.ts";
import { resolveFileValues } from "../config/files.ts";
import { TOKEN_FLAGS } from "../config/flags.ts";
import { formatHelp } from "../config/help.ts";
import { parseArgs } from "../config/parse-args.ts";
import { keyOptions } from "../config/serve-config.ts";
import type { CliIo } from "./io.ts";

const DRAFT08_DEFAULT_EXP = 3_600_000;

/** `ssehub token --help`. */
export const TOKEN_HELP = formatHelp(
  "ssehub token [--publish SELECTOR]… [--subscribe SELECTOR]… [--exp DURATION] [--draft 7|8] [key options]",
  "Prints a token signed with the configured key (the same flags and environment as `ssehub serve`).\n" +
    "Draft 7 (default) puts the grants in the `mercure` claim; draft 8 signs an RFC 9068 at+jwt with\n" +
    "authorization_details and needs --jwt-issuer and --jwt-audience.",
  TOKEN_FLAGS,
);

/** `ssehub token`: signs a token for the given grants and prints it on standard output. */
export async function runToken(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, TOKEN_FLAGS, io.env);
  if (parsed.help) {
    io.stdout(TOKEN_HELP);
    return 0;
  }
  if (parsed.positionals.length > 0) throw new ConfigError(`unexpected argument "${parsed.positionals[0]}"`);
  resolveFileValues(parsed, TOKEN_FLAGS);
  const v = parsed.values;
  const publish = v.publish as string[] | undefined;
  const subscribe = v.subscribe as string[] | undefined;
  const actions = [publish && "publish", subscribe && "subscribe"].filter(Boolean) as Action[];
  if (actions.length === 0) throw new ConfigError("give --publish and/or --subscribe");
  const { key, algorithm } = signingKey(keyOptions(parsed), actions);
  const draft = v.draft === "8" ? 8 : 7;
  const token = await signToken(key, algorithm, {
    draft,
    ...(publish && { publish }),
    ...(subscribe && { subscribe }),
    ...optional(
      "expiresIn",
      (v.exp as number | undefined) ?? (draft === 8 ? DRAFT08_DEFAULT_EXP : undefined),
    ),
    ...optional("issuer", v["jwt-issuer"] as string | undefined),
    ...optional("audience", v["jwt-audience"] as string | undefined),
    ...optional("subject", v.subject as string | undefined),
    ...optional("payload", v.payload === undefined ? undefined : parsePayload(v.payload as string)),
  });
  io.stdout(`${token}\n`);
  return 0;
}

/** The one key that signs for every asked action; two different keys cannot share a token. */
function signingKey(options: ReturnType<typeof keyOptions>, actions: Action[]) {
  const settings = actions.map((action) => roleSettings(options, action));
  const [first, second] = settings;
  if (second !== undefined && (first!.key !== second.key || first!.algorithm !== second.algorithm)) {
    throw new ConfigError("the publisher and subscriber keys differ: sign one token per action");
  }
  if (first?.key === undefined) {
    throw new ConfigError(`no ${actions[0]} key configured: pass --jwt-key or set SSEHUB_JWT_KEY`);
  }
  return { key: first.key, algorithm: first.algorithm };
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError("--payload: not valid JSON");
  }
}

function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}
