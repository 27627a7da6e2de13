import type { Update } from "@ssehub/protocol";
import type {
  Broker,
  BrokerBounds,
  BrokerEntry,
  BrokerState,
  HistoryRead,
  PublishOptions,
  PublishResult,
  RetainedRead,
} from "../core/broker.ts";
import { resolveBounds } from "../core/broker-bounds.ts";
import type { BrokerCluster } from "../core/cluster.ts";
import { entryBytes } from "../core/entry-bytes.ts";
import { formatPosition, newEpoch, parsePosition } from "../core/position.ts";
import { RedisCluster } from "./cluster.ts";
import { fingerprint, fromRetained, fromStream, type StreamEntry } from "./codec.ts";
import { Link } from "./link.ts";
import { CLEAR_RETAINED, PUBLISH, READ_SINCE, RETAINED, SYNC, scriptKeys } from "./scripts.ts";
import { Tail } from "./tail.ts";

/** Options of {@link createRedisBroker}. Durations are ms. */
export interface RedisBrokerOptions extends BrokerBounds {
  /** `redis://[[user]:password@]host[:port][/db]` or `rediss://…` for TLS. */
  url: string;
  /** Names this hub's keys, so several hubs share one Redis. Default `ssehub`. */
  prefix?: string;
  /** How long one blocking read waits, ms. Default 5000. */
  block?: number;
  /** Extra time over `block` (and the longest wait for any other command) before a connection that answers
   *  nothing is presumed dead and replaced. Default 5000. */
  commandTimeout?: number;
  /** Longest wait for the first connections, ms. Default 10_000. */
  connectTimeout?: number;
  /** Entries kept in the stream beyond the history, for nodes reading behind. Default 10_000. */
  tailBacklog?: number;
  /** How long a node's lease on its presence and figures lasts without renewal, ms (renewed every third of
   *  it). A node that dies without a goodbye has its subscribers reported inactive once it ends. Default 15_000. */
  leaseTtl?: number;
  /** Told about connection trouble (the broker recovers on its own). */
  onError?: (error: Error) => void;
}

/** A broker on Redis: `ready()` is false while Redis is unreachable. */
export interface RedisBroker extends Broker {
  ready(): boolean;
  readonly cluster: BrokerCluster;
}

type Figures = [string, string, number, string, number, string | null];

/**
 * A broker shared by every hub process on one Redis: one stream per prefix gives each update its place in one
 * global order (a Lua script stores, indexes and trims in one atomic step), and every node tails the stream
 * to announce it. Resolves once connected.
 */
export async function createRedisBroker(options: RedisBrokerOptions): Promise<RedisBroker> {
  const bounds = resolveBounds(options);
  const now = bounds.now;
  const prefix = options.prefix ?? "ssehub";
  const keys = scriptKeys(prefix);
  const timeout = options.commandTimeout ?? 5000;
  const connectTimeout = options.connectTimeout ?? 10_000;
  const onError = options.onError ?? (() => {});
  const size = String(bounds.historySize);
  const maxAge = String(bounds.historyMaxAge);
  const maxBytes = String(bounds.historyMaxBytes);
  const presenceSize = String(bounds.presenceHistorySize);
  const maxRetained = String(bounds.maxRetained);
  const backlog = String(options.tailBacklog ?? 10_000);

  const commands = new Link({ url: options.url, connectTimeout, onError });
  const reads = new Link({ url: options.url, connectTimeout, onError });
  const listeners = new Set<(entry: BrokerEntry) => void>();
  let state: BrokerState = { historySize: 0, historyBytes: 0, retainedTopics: 0, lastEventId: undefined };
  let tail: Tail | undefined;
  let closed = false;

  /** Caches the figures a script answered with; returns the epoch and head. */
  function remember(figures: Figures): { epoch: string; head: number } {
    const [epoch, head, historySize, bytes, retainedTopics, lastEventId] = figures;
    state = {
      historySize,
      historyBytes: Number(bytes),
      retainedTopics,
      lastEventId: lastEventId ?? undefined,
    };
    return { epoch, head: Number(head) };
  }
  /** What every script that may start an epoch passes first: a fresh epoch and the highest seq seen here. */
  function epochArgs(): string[] {
    return [newEpoch(), String(tail?.last ?? 0)];
  }
  function boundArgs(): string[] {
    return [String(Math.trunc(now())), size, maxAge, maxBytes, presenceSize];
  }
  async function sync(link: Link): Promise<{ epoch: string; head: number }> {
    return remember((await link.script(SYNC, keys, epochArgs(), timeout)) as Figures);
  }

  try {
    await Promise.all([commands.connected(connectTimeout), reads.connected(connectTimeout)]);
    const { head } = await sync(reads);
    tail = new Tail({
      link: reads,
      stream: keys[1]!,
      from: head,
      block: options.block ?? 5000,
      watchdog: timeout,
      count: 1000,
      onEntries: (entries: StreamEntry[]) => {
        for (const entry of fromStreamAll(entries)) for (const listener of listeners) listener(entry);
      },
      onIdle: async () => {
        await sync(reads);
      },
      onError,
    });
  } catch (error) {
    commands.close();
    reads.close();
    throw error;
  }

  const cluster = new RedisCluster({
    link: commands,
    prefix,
    leaseTtl: options.leaseTtl ?? 15_000,
    timeout,
    onError,
  });

  return {
    cluster,

    async publish(update: Update, publishOptions?: PublishOptions): Promise<PublishResult> {
      if (closed) throw new Error("the broker is closed");
      const presence = publishOptions?.presence === true;
      const newId = publishOptions?.newId === true;
      const reply = (await commands.script(
        PUBLISH,
        keys,
        [
          ...epochArgs(),
          ...boundArgs(),
          presence ? "p" : "u",
          JSON.stringify(update),
          update.id,
          presence || newId ? "" : await fingerprint(update),
          String(entryBytes(update)),
          update.retain && !presence ? update.topics[0]! : "",
          maxRetained,
          backlog,
          newId ? "1" : "",
        ],
        timeout,
      )) as [number, string, string, Figures];
      remember(reply[3]);
      // A duplicate answers the held entry's seq and time; its update is this one (identical).
      const entry: BrokerEntry = { seq: Number(reply[1]), update, time: Number(reply[2]) };
      return { entry, duplicate: reply[0] === 1 };
    },

    listen(listener: (entry: BrokerEntry) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async readSince(lastEventId: string): Promise<HistoryRead> {
      const position = parsePosition(lastEventId);
      const mode =
        lastEventId === "earliest"
          ? ["earliest", ""]
          : position
            ? ["position", position.epoch]
            : ["id", lastEventId];
      const reply = (await commands.script(
        READ_SINCE,
        keys,
        [...epochArgs(), ...boundArgs(), ...mode, String(position?.seq ?? 0)],
        timeout,
      )) as [number, StreamEntry | null, StreamEntry[], Figures];
      const { epoch, head } = remember(reply[3]);
      return {
        found: reply[0] === 1,
        earliest: reply[1] ? fromStream(reply[1]) : undefined,
        entries: fromStreamAll(reply[2]),
        head,
        position: formatPosition(epoch, head),
      };
    },

    async retained(): Promise<RetainedRead> {
      const reply = (await commands.script(RETAINED, keys, epochArgs(), timeout)) as [string[], Figures];
      const { epoch, head } = remember(reply[1]);
      return { entries: reply[0].map(fromRetained), head, position: formatPosition(epoch, head) };
    },

    async clearRetained(topic: string): Promise<boolean> {
      return (await commands.script(CLEAR_RETAINED, keys, [topic], timeout)) === 1;
    },

    state(): BrokerState {
      return state;
    },

    ready(): boolean {
      return !closed && commands.ready && reads.ready && tail!.healthy;
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      listeners.clear();
      await cluster.close();
      reads.close();
      commands.close();
      await tail!.close();
    },
  };
}

function fromStreamAll(raw: StreamEntry[]): BrokerEntry[] {
  return raw.map(fromStream).filter((entry) => entry !== undefined);
}
