import type { BrokerCluster, ClusterLocal, NodeFigures, PresenceRecord } from "../core/cluster.ts";
import { newEpoch } from "../core/position.ts";
import type { Link } from "./link.ts";

// Lease renewal. KEYS: nodes (zset node -> lease end, ms of the Redis clock), figures (hash node -> JSON).
// ARGV: presence key prefix, node, ttl ms, this node's figures, "1" to rewrite this node's presence from the
// pairs that follow (topic, record) after a failure. A node whose lease ended is removed here, in one step,
// so exactly one survivor gets its subscriptions back to report them inactive. Answers whether this node's
// lease had ended (its subscriptions then went with it and are rewritten at the next renewal).
const RENEW = `
local nodes, figures = KEYS[1], KEYS[2]
local base, node, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local absent = redis.call('ZADD', nodes, now + ttl, node)
redis.call('HSET', figures, node, ARGV[4])
if ARGV[5] == '1' then
  redis.call('DEL', base .. node)
  for i = 6, #ARGV, 2 do redis.call('HSET', base .. node, ARGV[i], ARGV[i + 1]) end
end
local orphans = {}
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', nodes, '-inf', now)) do
  redis.call('ZREM', nodes, dead)
  redis.call('HDEL', figures, dead)
  for _, record in ipairs(redis.call('HVALS', base .. dead)) do orphans[#orphans + 1] = record end
  redis.call('DEL', base .. dead)
end
return {redis.call('HGETALL', figures), orphans, absent}
`;

// KEYS: nodes. ARGV: presence key prefix. The records of every node holding a lease.
const LIST = `
local records = {}
for _, node in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  for _, record in ipairs(redis.call('HVALS', ARGV[1] .. node)) do records[#records + 1] = record end
end
return records
`;

/** Options of {@link RedisCluster}. */
export interface RedisClusterOptions {
  link: Link;
  prefix: string;
  /** How long a node's lease lasts without renewal, ms; renewed every third of it. */
  leaseTtl: number;
  timeout: number;
  onError: (error: Error) => void;
}

/** Presence and figures of every hub node on one Redis, each node's under a lease it renews. */
export class RedisCluster implements BrokerCluster {
  readonly node = newEpoch();
  readonly #options: RedisClusterOptions;
  readonly #keys: [nodes: string, figures: string];
  readonly #base: string;
  /** This node's subscriptions, by topic: rewritten to Redis after any failure. */
  readonly #records = new Map<string, string>();
  #local: ClusterLocal | undefined;
  #nodes: readonly NodeFigures[] = [];
  #stale = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #renewing = false;
  #renewed = false;

  constructor(options: RedisClusterOptions) {
    this.#options = options;
    this.#keys = [`{${options.prefix}}:nodes`, `{${options.prefix}}:node-figures`];
    this.#base = `{${options.prefix}}:node-presence:`;
  }

  start(local: ClusterLocal): void {
    this.#local = local;
    void this.#renew();
    this.#timer = setInterval(() => void this.#renew(), Math.max(1, Math.floor(this.#options.leaseTtl / 3)));
  }

  join(record: PresenceRecord): void {
    const value = JSON.stringify(record);
    this.#records.set(record.topic, value);
    this.#write(["HSET", this.#base + this.node, record.topic, value]);
  }

  leave(topic: string): void {
    this.#records.delete(topic);
    this.#write(["HDEL", this.#base + this.node, topic]);
  }

  async subscriptions(): Promise<PresenceRecord[]> {
    const { link, timeout } = this.#options;
    const records = (await link.script(LIST, [this.#keys[0]], [this.#base], timeout)) as string[];
    return records.map((record) => JSON.parse(record) as PresenceRecord);
  }

  nodes(): readonly NodeFigures[] {
    return this.#nodes;
  }

  /** Stops renewing and ends the lease now: a survivor reports this node's subscribers inactive. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    if (this.#local === undefined) return;
    await this.#options.link
      .send(["ZADD", this.#keys[0], "0", this.node], this.#options.timeout)
      .catch(() => {});
  }

  #write(args: string[]): void {
    if (this.#local === undefined) return;
    this.#options.link.send(args, this.#options.timeout).catch((error: unknown) => {
      this.#stale = true;
      this.#options.onError(error as Error);
    });
  }

  async #renew(): Promise<void> {
    if (this.#renewing || this.#local === undefined) return;
    this.#renewing = true;
    const rewrite = this.#stale;
    this.#stale = false;
    try {
      const args = [
        this.#base,
        this.node,
        String(this.#options.leaseTtl),
        JSON.stringify(this.#local.figures()),
      ];
      args.push(rewrite ? "1" : "0");
      if (rewrite) for (const [topic, value] of this.#records) args.push(topic, value);
      const [figures, orphans, absent] = (await this.#options.link.script(
        RENEW,
        this.#keys,
        args,
        this.#options.timeout,
      )) as [string[], string[], number];
      if (absent === 1 && this.#renewed && !rewrite) this.#stale = true;
      this.#renewed = true;
      const nodes: NodeFigures[] = [];
      for (let i = 0; i + 1 < figures.length; i += 2) {
        nodes.push({ node: figures[i]!, ...(JSON.parse(figures[i + 1]!) as Omit<NodeFigures, "node">) });
      }
      this.#nodes = nodes;
      if (orphans.length > 0)
        this.#local.orphaned(orphans.map((record) => JSON.parse(record) as PresenceRecord));
    } catch (error) {
      this.#stale = true;
      this.#options.onError(error as Error);
    } finally {
      this.#renewing = false;
    }
  }
}
