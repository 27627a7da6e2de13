import type { Update } from "@ssehub/protocol";

/** An update with its place in the hub's order. */
export interface BrokerEntry {
  /** Position in the order: strictly increasing, shared by every hub node on the broker. */
  readonly seq: number;
  readonly update: Update;
  /** When the broker accepted it, ms since the epoch. */
  readonly time: number;
}

/** Result of {@link Broker.publish}. */
export interface PublishResult {
  entry: BrokerEntry;
  /** True when an update with this id was still in history: nothing was stored or announced. */
  duplicate: boolean;
}

/** Result of {@link Broker.readSince}. */
export interface HistoryRead {
  /** Entries after the asked id (all held entries for `earliest`), oldest first. */
  entries: readonly BrokerEntry[];
  /** False when the asked id is not in history (unknown, or evicted). Always true for `earliest`. */
  found: boolean;
  /** Id of the oldest entry still held, or "" when the history is empty. */
  earliest: string;
  /** `seq` of the newest entry at the time of the read (0 when none). Live entries up to it are in `entries`. */
  head: number;
}

/** Result of {@link Broker.retained}. */
export interface RetainedRead {
  /** The latest retained entry of each topic, in publish order. */
  entries: readonly BrokerEntry[];
  /** `seq` of the newest entry at the time of the read. */
  head: number;
}

/** Sizes the hub reports in its stats and metrics; a remote broker may answer from a recent cache. */
export interface BrokerState {
  historySize: number;
  retainedTopics: number;
  /** Id of the newest entry, or undefined when nothing was published. */
  lastEventId: string | undefined;
}

/**
 * Orders, stores and announces updates. The hub calls it only through this interface, so a broker shared by
 * several hub processes (Redis Streams: XADD for order and history, a blocking XREAD for announcements) fits
 * without changing the hub.
 */
export interface Broker {
  /** Gives the update its place, stores it (history and, when `retain`, retained state), announces it. */
  publish(update: Update): Promise<PublishResult>;
  /**
   * Calls `listener` for every entry announced from now on, in `seq` order. An announcement may come after
   * a read that already returned the entry (the hub skips it by `seq`). Returns the unsubscribe function.
   */
  listen(listener: (entry: BrokerEntry) => void): () => void;
  /** History after `lastEventId`, or all of it for `"earliest"`. */
  readSince(lastEventId: string): Promise<HistoryRead>;
  /** The latest retained update of each topic. */
  retained(): Promise<RetainedRead>;
  state(): BrokerState;
  /** Releases the broker's resources. */
  close(): Promise<void>;
}
