import type { Update } from "@ssehub/protocol";
import type { BrokerCluster } from "./cluster.ts";

/** An update with its place in the hub's order. */
export interface BrokerEntry {
  /** Position in the order: strictly increasing, shared by every hub node on the broker. */
  readonly seq: number;
  readonly update: Update;
  /** When the broker accepted it, ms since the epoch. */
  readonly time: number;
}

/** Options of {@link Broker.publish}. */
export interface PublishOptions {
  /**
   * A subscription event (Mercure active subscriptions). Held in its own bound (`presenceHistorySize`): never
   * evicts an update, never counts in `historySize` / `historyMaxBytes`. Still gets a seq and is resumable.
   */
  presence?: boolean;
  /**
   * The hub made the update's id for this publish (a random UUID), so no held update can have it: the broker may
   * skip looking for a repeat.
   */
  newId?: boolean;
}

/** Result of {@link Broker.publish}. */
export interface PublishResult {
  entry: BrokerEntry;
  /**
   * True only for an identical repeat (`sameUpdate`) of an update with this id still held: nothing stored or
   * announced. A different update under a reused id is stored and announced normally.
   */
  duplicate: boolean;
}

/** Result of {@link Broker.readSince}. */
export interface HistoryRead {
  /** Entries after the asked point (all held entries for `earliest`), updates and presence merged, seq order. */
  entries: readonly BrokerEntry[];
  /** False when the asked id/position is unknown, evicted, or from another epoch. Always true for `earliest`. */
  found: boolean;
  /** The oldest held entry (the hub reports its id only to a subscriber allowed to see it). */
  earliest: BrokerEntry | undefined;
  /** `seq` of the newest entry at the time of the read (0 when none). Live entries up to it are in `entries`. */
  head: number;
  /** Resume position of `head`: what the hub puts in `id:` of `ssehub-ready`. */
  position: string;
}

/** Result of {@link Broker.retained}. */
export interface RetainedRead {
  /** The latest retained entry of each topic, in publish order. */
  entries: readonly BrokerEntry[];
  /** `seq` of the newest entry at the time of the read. */
  head: number;
  /** Resume position of `head`. */
  position: string;
}

/** Sizes the hub reports in its stats and metrics; a remote broker may answer from a recent cache. */
export interface BrokerState {
  /** Updates held (presence entries not counted). */
  historySize: number;
  /** Sum of `entryBytes()` of the held updates. */
  historyBytes: number;
  retainedTopics: number;
  /** Id of the newest entry, or undefined when nothing was published. */
  lastEventId: string | undefined;
}

/** Bounds every broker takes (same names, same defaults: the constants of `broker-bounds.ts`). */
export interface BrokerBounds {
  /** Updates held, at most. Default 1000; 0 keeps none. */
  historySize?: number;
  /** Age at which an entry leaves the history, ms. Default 3_600_000 (1 h). */
  historyMaxAge?: number;
  /** Sum of `entryBytes()` of the held updates, at most; the oldest go first. Default 64 MiB. */
  historyMaxBytes?: number;
  /** Topics with retained state, at most; the oldest retained goes first. Default 10_000. */
  maxRetained?: number;
  /** Subscription events held, at most (apart from the updates). Default 1000. */
  presenceHistorySize?: number;
  /** Clock, ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

/**
 * Orders, stores and announces updates. The hub calls it only through this interface, so a broker shared by
 * several hub processes (Redis Streams: XADD for order and history, a blocking XREAD for announcements) fits
 * without changing the hub. Every broker passes the shared contract suite (test/helpers/broker-contract.ts).
 */
export interface Broker {
  /** Gives the update its place, stores it (history and, when `retain`, retained state), announces it. */
  publish(update: Update, options?: PublishOptions): Promise<PublishResult>;
  /**
   * Calls `listener` for every entry announced from now on, in `seq` order. An announcement may come after
   * a read that already returned the entry (the hub skips it by `seq`). Returns the unsubscribe function.
   */
  listen(listener: (entry: BrokerEntry) => void): () => void;
  /**
   * History after `lastEventId`: an update id (a reused id resolves to the EARLIEST held update with that id),
   * `"earliest"`, or a resume position. A position is found when its epoch is the broker's current epoch, its
   * seq <= head, and no UPDATE with a seq above it was evicted (presence evictions do not count).
   */
  readSince(lastEventId: string): Promise<HistoryRead>;
  /** The latest retained update of each topic. */
  retained(): Promise<RetainedRead>;
  /** Forgets the retained update of a topic; true when there was one. */
  clearRetained(topic: string): Promise<boolean>;
  state(): BrokerState;
  /**
   * Optional: false while the broker cannot serve (a remote broker that lost its server); `/readyz` answers
   * 503 meanwhile. A broker without it is always ready.
   */
  ready?(): boolean;
  /** Optional: present on a broker shared by several hub nodes (presence and figures across them). */
  readonly cluster?: BrokerCluster;
  /** Releases the broker's resources. */
  close(): Promise<void>;
}
