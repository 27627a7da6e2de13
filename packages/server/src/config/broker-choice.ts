import { ConfigError } from "./errors.ts";
import type { ParsedArgs } from "./parse-args.ts";

/** Which broker `ssehub serve` runs on: in memory (the default) or Redis. */
export type BrokerChoice = { kind: "memory" } | { kind: "redis"; url: string; prefix: string };

/**
 * The shared broker the flags ask for (`--store` is read apart: one broker per hub is checked when opening).
 * @throws {ConfigError} for a URL that is not `redis:` or `rediss:`.
 */
export function chooseBroker(parsed: Pick<ParsedArgs, "values">): BrokerChoice {
  const v = parsed.values;
  if (typeof v.redis !== "string") return { kind: "memory" };
  let protocol: string;
  try {
    protocol = new URL(v.redis).protocol;
  } catch {
    throw new ConfigError("--redis must be a URL such as redis://127.0.0.1:6379");
  }
  if (protocol !== "redis:" && protocol !== "rediss:") {
    throw new ConfigError(`--redis must be a redis: or rediss: URL, not ${protocol}`);
  }
  return { kind: "redis", url: v.redis, prefix: v["redis-prefix"] as string };
}
