// Redis brokers for tests: each on its own redis-server, closed with it.
import type { Update } from "@ssehub/protocol";
import { createRedisBroker, type RedisBroker, type RedisBrokerOptions } from "../../src/redis/index.ts";
import { type RedisProcess, startRedis } from "./redis-server.ts";

/** An update with the defaults filled in. */
export function update(topic: string, data: string, extra: Partial<Update> = {}): Update {
  return {
    topics: [topic],
    data,
    id: `urn:uuid:${crypto.randomUUID()}`,
    private: false,
    retain: false,
    ...extra,
  };
}

/** Runs `body` with a fresh redis-server and a broker factory on it; everything is closed afterwards. */
export async function withRedis(
  body: (
    redis: RedisProcess,
    open: (options?: Partial<RedisBrokerOptions>) => Promise<RedisBroker>,
  ) => Promise<void>,
  start: Parameters<typeof startRedis>[0] = {},
): Promise<void> {
  const redis = await startRedis(start);
  const brokers: RedisBroker[] = [];
  try {
    await body(redis, async (options = {}) => {
      const broker = await createRedisBroker({
        url: redis.url,
        block: 500,
        commandTimeout: 1000,
        ...options,
      });
      brokers.push(broker);
      return broker;
    });
  } finally {
    await Promise.all(brokers.map((broker) => broker.close()));
    await redis.stop();
  }
}
