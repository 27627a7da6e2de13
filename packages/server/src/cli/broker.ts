import type { BrokerChoice } from "../config/broker-choice.ts";
import { ConfigError } from "../config/errors.ts";
import { BROKER_FLAGS } from "../config/flags.ts";
import type { ParsedArgs } from "../config/parse-args.ts";
import type { ServeConfig } from "../config/serve-config.ts";
import type { Broker } from "../core/broker.ts";
import { createSqliteBroker, isStoreError } from "../sqlite/index.ts";
import type { HubOptions, Logger } from "../types.ts";

/**
 * The broker `ssehub serve` runs on: the one its flags name (at most one of {@link BROKER_FLAGS}), or
 * undefined for the hub's own in-memory broker. The caller closes it after the hub.
 * @throws {ConfigError} for several brokers at once, or a store that cannot be used (the CLI exits 2).
 */
export async function openBroker(
  config: ServeConfig & Pick<ParsedArgs, "values">,
  logger: Logger,
): Promise<Broker | undefined> {
  const given = BROKER_FLAGS.filter((spec) => config.values[spec.name] !== undefined);
  if (given.length > 1) {
    const names = given.map((spec) => `--${spec.name}`).join(" and ");
    throw new ConfigError(`${names} cannot be used together: a hub runs on one broker`);
  }
  if (config.store !== undefined) return openStore(config.store, config);
  if (config.broker.kind === "redis") return openRedis(config.broker, config.hub, logger);
  return undefined;
}

async function openStore(path: string, config: ServeConfig): Promise<Broker> {
  if (path === "") throw new ConfigError("--store needs a file path");
  try {
    const { historySize, historyMaxAge, historyMaxBytes, maxRetained } = config.hub;
    return await createSqliteBroker({ path, historySize, historyMaxAge, historyMaxBytes, maxRetained });
  } catch (error) {
    if (isStoreError(error)) throw new ConfigError(`--store: ${error.message}`);
    throw error;
  }
}

/** The Redis client is loaded only here, only for `--redis`. */
async function openRedis(
  choice: Extract<BrokerChoice, { kind: "redis" }>,
  hub: HubOptions,
  logger: Logger,
): Promise<Broker> {
  const { createRedisBroker } = await import("../redis/index.ts");
  return await createRedisBroker({
    url: choice.url,
    prefix: choice.prefix,
    historySize: hub.historySize,
    historyMaxAge: hub.historyMaxAge,
    historyMaxBytes: hub.historyMaxBytes,
    maxRetained: hub.maxRetained,
    onError: (error) => logger.warn("redis connection trouble; retrying", { error: error.message }),
  });
}

/** What the start-up log says about the broker: never a Redis URL itself, which may carry a password. */
export function describeBroker(config: ServeConfig): Record<string, string> {
  if (config.store !== undefined) return { broker: "sqlite" };
  if (config.broker.kind === "memory") return { broker: "memory" };
  return { broker: "redis", redis: new URL(config.broker.url).host, prefix: config.broker.prefix };
}
