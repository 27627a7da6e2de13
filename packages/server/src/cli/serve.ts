import { checkAuthOptions } from "../auth/authenticator.ts";
import { signToken } from "../auth/sign.ts";
import { ConfigError } from "../config/errors.ts";
import { SERVE_FLAGS } from "../config/flags.ts";
import { formatHelp } from "../config/help.ts";
import { loadServeConfig } from "../config/serve-config.ts";
import type { Broker } from "../core/broker.ts";
import { createHub } from "../create-hub.ts";
import { runtimeVersion, serveOnCurrentRuntime } from "../runtime/current.ts";
import type { Logger } from "../types.ts";
import { describeAuth } from "./auth-summary.ts";
import { formatBanner } from "./banner.ts";
import { describeBroker, openBroker } from "./broker.ts";
import { exposureWarning } from "./exposure-warning.ts";
import type { CliIo } from "./io.ts";
import { createLogger } from "./logger.ts";
import { isLoopbackHost } from "./loopback.ts";
import { checkSecrets } from "./secret-check.ts";
import { packageVersion } from "./version.ts";

/** `ssehub serve --help`. */
export const SERVE_HELP = formatHelp(
  "ssehub serve [options]",
  "Runs a Mercure hub at /.well-known/mercure (with /healthz, /readyz, /metrics). Each option also reads\n" +
    "its SSEHUB_* environment variable, then Mercure's name where one exists; a flag wins over both.\n" +
    "With no key it generates one and prints a development token once. SIGINT/SIGTERM shut down gracefully.",
  SERVE_FLAGS,
);

/** `ssehub serve`: runs the hub until `io.shutdown` aborts, then closes it gracefully. */
export async function runServe(argv: readonly string[], io: CliIo): Promise<number> {
  const config = loadServeConfig(argv, { env: io.env });
  if (config.help) {
    io.stdout(SERVE_HELP);
    return 0;
  }
  if (config.positionals.length > 0) throw new ConfigError(`unexpected argument "${config.positionals[0]}"`);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, write: io.stderr });
  checkSecrets(config.values, (message) => logger.warn(message));
  let devToken: string | undefined;
  if (config.keyless) {
    if (!isLoopbackHost(config.host)) {
      throw new ConfigError(
        `--host ${config.host}: no key is configured, and the development token printed for it would let ` +
          "anyone who sees it publish; set --jwt-key (or --jwks-url) to listen beyond loopback",
      );
    }
    config.hub.jwtKey = randomSecret();
    devToken = await signToken(config.hub.jwtKey, "HS256", { publish: ["*"], subscribe: ["*"] });
  }
  await checkAuthOptions(config.hub);
  const broker = await openBroker(config, logger);
  try {
    await serveUntilShutdown(config, io, logger, devToken, broker);
  } finally {
    // A broker given to the hub is not the hub's to close.
    await broker?.close();
  }
  return 0;
}

async function serveUntilShutdown(
  config: ReturnType<typeof loadServeConfig>,
  io: CliIo,
  logger: Logger,
  devToken: string | undefined,
  broker: Broker | undefined,
): Promise<void> {
  const hub = createHub({ ...config.hub, ...(broker && { broker }), logger });
  const server = await serveOnCurrentRuntime({ hub, port: config.port, host: config.host, tls: config.tls });
  // The admin listener closes after the public one, so /readyz answers 503 while the hub drains.
  const admin = config.admin && (await serveOnCurrentRuntime({ hub, fetch: hub.opsFetch, ...config.admin }));
  io.stdout(
    formatBanner({
      version: packageVersion(),
      runtime: runtimeVersion(),
      url: server.url,
      adminUrl: admin?.url,
      devToken,
      anonymous: !!config.hub.allowAnonymous,
    }),
  );
  logger.info("hub started", {
    url: server.url,
    ...(admin && { adminUrl: admin.url }),
    runtime: runtimeVersion(),
    ...describeAuth(config.hub),
    ...describeBroker(config),
    anonymous: !!config.hub.allowAnonymous,
    ...(config.store !== undefined && { store: config.store }),
  });
  const warning = exposureWarning(config.host, config.hub);
  if (warning !== undefined) logger.warn(warning);

  await aborted(io.shutdown);
  logger.info("shutting down", { timeoutMs: config.shutdownTimeout });
  // server.close stops accepting, closes the hub (each subscriber gets `retry:`) and cuts what remains.
  const finished = await withinTimeout(
    server.close({ timeoutMs: config.shutdownTimeout }).then(() => admin?.close({ timeoutMs: 0 })),
    config.shutdownTimeout,
  );
  if (finished) logger.info("stopped");
  else logger.warn("shutdown timeout reached; closing remaining connections");
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/=+$/, "");
}

function aborted(signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** Resolves true when `work` settles in time, false when `ms` passed first; never leaves a timer behind. */
async function withinTimeout(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
