/** How the dashboard server was asked to run. */
export interface DashboardConfig {
  /** Interface to listen on; default `127.0.0.1`. */
  host: string;
  /** TCP port; default 8080 (0 picks a free one). */
  port: number;
  /** Folder for the counter file; `undefined` means the entry point's default (`apps/dashboard/.data`). */
  dataDir: string | undefined;
  /** Whether the page offers the publish form (`POST /api/publish`); default false. */
  publishForm: boolean;
}

/** A bad flag or value: the entry point prints the message and exits with status 2. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export const USAGE = `Usage: dashboard [options]

  --host HOST        interface to listen on (SSEHUB_HOST, default 127.0.0.1)
  --port PORT        TCP port, 0 for any free one (SSEHUB_PORT, default 8080)
  --data-dir DIR     folder for the counter file (SSEHUB_DATA_DIR, default apps/dashboard/.data)
  --publish-form     offer a form that publishes any update (SSEHUB_PUBLISH_FORM=1)
  --help             show this text
`;

const VALUE_FLAGS = new Set(["host", "port", "data-dir"]);

/**
 * Reads flags first, then their `SSEHUB_*` environment twins, then the defaults. Accepts `--flag value` and
 * `--flag=value`. Returns `"help"` for `--help`; throws `ConfigError` on anything it does not know.
 */
export function parseConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): DashboardConfig | "help" {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === "--help" || argument === "-h") return "help";
    // A bare "--" (what `pnpm run script -- flags` may pass on) only separates; skip it.
    if (argument === "--") continue;
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(argument);
    const name = match?.[1];
    if (name === undefined) throw new ConfigError(`unexpected argument: ${argument}`);
    if (name === "publish-form") {
      flags.set(name, match?.[2] ?? "true");
    } else if (VALUE_FLAGS.has(name)) {
      const value = match?.[2] ?? argv[++index];
      if (value === undefined) throw new ConfigError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      throw new ConfigError(`unknown flag: --${name}`);
    }
  }
  const pick = (name: string): string | undefined =>
    flags.get(name) ?? env[`SSEHUB_${name.toUpperCase().replaceAll("-", "_")}`];

  return {
    host: pick("host") ?? "127.0.0.1",
    port: parsePort(pick("port") ?? "8080"),
    dataDir: pick("data-dir") || undefined,
    publishForm: parseBoolean(pick("publish-form") ?? "false"),
  };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new ConfigError(`invalid port: ${text}`);
  return port;
}

function parseBoolean(text: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off|)$/i.test(text)) return false;
  throw new ConfigError(`invalid boolean: ${text}`);
}
