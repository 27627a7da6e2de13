import { publicUrlProblem } from "../hub-url.ts";
import type { TlsOptions } from "../runtime/serve-options.ts";
import type { HubOptions } from "../types.ts";
import { type BrokerChoice, chooseBroker } from "./broker-choice.ts";
import { ConfigError } from "./errors.ts";
import { type ReadText, readIndexHtml, readText, readTlsFiles, resolveFileValues } from "./files.ts";
import type { FlagSpec, FlagValue } from "./flag-spec.ts";
import { SERVE_FLAGS } from "./flags.ts";
import { type ParsedArgs, parseArgs } from "./parse-args.ts";

/** Log levels, least severe first; `silent` logs nothing. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** Everything `ssehub serve` needs, from flags, environment and files. Durations are ms, sizes bytes. */
export interface ServeConfig {
  host: string;
  port: number;
  /** Certificate and key (PEM text) when serving HTTPS. */
  tls?: TlsOptions;
  /** Where /healthz, /readyz and /metrics are served instead of the public port, when set. */
  admin?: { host: string; port: number };
  /** Options for `createHub`, without a logger. */
  hub: HubOptions;
  /** The broker asked for (`--redis`), else in memory. */
  broker: BrokerChoice;
  /** Time allowed for a graceful shutdown, ms. */
  shutdownTimeout: number;
  logLevel: LogLevel;
  logFormat: "text" | "json";
  /** True when no key nor key set is configured (the CLI then generates a development key). */
  keyless: boolean;
  /** `--store`: the SQLite file of the hub's history, or undefined to keep it in memory. */
  store: string | undefined;
}

/** Options of {@link loadServeConfig}. */
export interface LoadOptions {
  /** Environment variables; pass `process.env` (or Deno's `Deno.env.toObject()`). Default none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Overrides of flag defaults, by flag name: `{ port: 3000, "allow-anonymous": true }`. */
  defaults?: Readonly<Record<string, FlagValue>>;
  /** File reader for `@path` keys and `--static`. Default `node:fs`. */
  readFile?: ReadText;
}

/** Replaces the defaults of some flags, keeping the rest of each spec. */
export function withDefaults(
  specs: readonly FlagSpec[],
  defaults: Readonly<Record<string, FlagValue>> = {},
): FlagSpec[] {
  return specs.map((spec) => (spec.name in defaults ? { ...spec, default: defaults[spec.name] } : spec));
}

/**
 * Parses the flags of `ssehub serve` (see {@link SERVE_FLAGS}) with their `SSEHUB_*` and Mercure environment
 * twins, reads `@path` keys and `--static DIR/index.html`. Throws a `ConfigError` on any bad flag or value.
 */
export function loadServeConfig(
  argv: readonly string[],
  options: LoadOptions = {},
): ServeConfig & ParsedArgs {
  const specs = withDefaults(SERVE_FLAGS, options.defaults);
  const parsed = parseArgs(argv, specs, options.env);
  const read = options.readFile ?? readText;
  resolveFileValues(parsed, specs, read);
  const v = parsed.values;
  const hub: HubOptions = {
    allowAnonymous: v["allow-anonymous"] as boolean,
    historySize: v["history-size"] as number,
    historyMaxAge: v["history-max-age"] as number,
    historyMaxBytes: v["history-max-bytes"] as number,
    maxRetained: v["max-retained"] as number,
    heartbeat: v.heartbeat as number,
    subscriptions: v.subscriptions as boolean,
    maxQueue: v["max-queue"] as number,
    maxBodySize: v["max-body-size"] as number,
    maxConnections: v["max-connections"] as number,
    maxTopicsPerUpdate: v["max-topics-per-update"] as number,
    maxTopicLength: v["max-topic-length"] as number,
    maxConnectionsPerIp: v["max-connections-per-ip"] as number,
    publishRate: v["publish-rate"] as number,
    trustProxy: v["trust-proxy"] as number,
    accessLog: v["access-log"] as boolean,
    ...keyOptions(parsed),
  };
  if (v["cors-origin"] !== undefined) hub.corsOrigins = v["cors-origin"] as string[];
  if (typeof v["public-url"] === "string") hub.publicUrl = publicUrl(v["public-url"]);
  if (typeof v.static === "string") hub.indexHtml = readIndexHtml(v.static, read);
  const tls = readTlsFiles(v["tls-cert"] as string | undefined, v["tls-key"] as string | undefined, read);
  const admin =
    v["admin-port"] === undefined
      ? undefined
      : { host: v["admin-host"] as string, port: v["admin-port"] as number };
  if (admin !== undefined) hub.separateOps = true;
  return {
    ...parsed,
    host: v.host as string,
    port: v.port as number,
    ...(tls && { tls }),
    ...(admin && { admin }),
    hub,
    broker: chooseBroker(parsed),
    shutdownTimeout: v["shutdown-timeout"] as number,
    logLevel: v["log-level"] as LogLevel,
    logFormat: v["log-format"] as "text" | "json",
    keyless:
      hub.jwtKey === undefined &&
      hub.publisherJwtKey === undefined &&
      hub.subscriberJwtKey === undefined &&
      hub.jwksUrl === undefined,
    store: v.store as string | undefined,
  };
}

function publicUrl(value: string): string {
  const problem = publicUrlProblem(value);
  if (problem !== undefined) throw new ConfigError(`--public-url: ${problem}`);
  return value;
}

const KEY_OPTION_NAMES = {
  "jwt-key": "jwtKey",
  "publisher-jwt-key": "publisherJwtKey",
  "subscriber-jwt-key": "subscriberJwtKey",
  "jwt-algorithm": "jwtAlgorithm",
  "publisher-jwt-algorithm": "publisherJwtAlgorithm",
  "subscriber-jwt-algorithm": "subscriberJwtAlgorithm",
  "jwks-url": "jwksUrl",
  "jwt-issuer": "jwtIssuer",
  "jwt-audience": "jwtAudience",
} as const;

/** The key settings of parsed `KEY_FLAGS`, as hub (and authenticator) options. */
export function keyOptions(
  parsed: Pick<ParsedArgs, "values">,
): Pick<HubOptions, (typeof KEY_OPTION_NAMES)[keyof typeof KEY_OPTION_NAMES]> {
  const options: Record<string, string> = {};
  for (const [flag, option] of Object.entries(KEY_OPTION_NAMES)) {
    const value = parsed.values[flag];
    if (typeof value === "string") options[option] = value;
  }
  return options;
}
