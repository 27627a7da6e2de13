import { ConfigError, type FlagSpec, formatHelp, LISTEN_FLAGS, parseArgs } from "@ssehub/server/config";

export { ConfigError };

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

/** The hub's `--host`/`--port` (with their `SSEHUB_*` twins), plus the dashboard's own flags. */
const DASHBOARD_FLAGS: readonly FlagSpec[] = [
  ...LISTEN_FLAGS,
  {
    name: "data-dir",
    kind: "string",
    metavar: "DIR",
    description: "folder for the counter file (default apps/dashboard/.data)",
  },
  {
    name: "publish-form",
    kind: "boolean",
    default: false,
    description: "offer a form that publishes any update",
  },
];

export const USAGE = formatHelp(
  "dashboard [options]",
  "The ssehub live counter and hub dashboard.",
  DASHBOARD_FLAGS,
);

/**
 * Reads flags first, then their `SSEHUB_*` environment twins, then the defaults. Returns `"help"` for
 * `--help`; throws `ConfigError` on anything it does not know.
 */
export function parseConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): DashboardConfig | "help" {
  // A bare "--" (what `pnpm run script -- flags` may pass on) only separates: the flags after it still count.
  const { values, positionals, help } = parseArgs(
    argv.filter((argument) => argument !== "--"),
    DASHBOARD_FLAGS,
    env,
  );
  if (help) return "help";
  if (positionals.length > 0) throw new ConfigError(`unexpected argument: ${positionals[0]}`);
  return {
    host: values.host as string,
    port: values.port as number,
    dataDir: (values["data-dir"] as string | undefined) || undefined,
    publishForm: values["publish-form"] as boolean,
  };
}
