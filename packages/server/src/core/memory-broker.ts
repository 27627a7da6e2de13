import type { Update } from "@ssehub/protocol";
import type { Broker, BrokerEntry, BrokerState, HistoryRead, PublishResult, RetainedRead } from "./broker.ts";
import { History } from "./history.ts";

/** Options of {@link createMemoryBroker}. */
export interface MemoryBrokerOptions {
  /** Updates kept for resume, at most. Default 1000; 0 keeps none. */
  historySize?: number;
  /** Age after which an update leaves the history, in ms. Default 3_600_000 (1 h). */
  historyMaxAge?: number;
  /** Clock, ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** Default number of updates kept for resume: 1000. */
export const DEFAULT_HISTORY_SIZE = 1000;
/** Default age after which an update leaves the history: 3_600_000 ms (1 h). */
export const DEFAULT_HISTORY_MAX_AGE = 3_600_000;

/** A broker for one process: order by a counter, history in memory, announcements by direct calls. */
export function createMemoryBroker(options: MemoryBrokerOptions = {}): Broker {
  const now = options.now ?? Date.now;
  const history = new History(
    options.historySize ?? DEFAULT_HISTORY_SIZE,
    options.historyMaxAge ?? DEFAULT_HISTORY_MAX_AGE,
  );
  // Latest retained entry per canonical topic; re-inserted on update so iteration follows publish order.
  const retained = new Map<string, BrokerEntry>();
  const listeners = new Set<(entry: BrokerEntry) => void>();
  let seq = 0;

  return {
    publish(update: Update): Promise<PublishResult> {
      const time = now();
      const held = history.get(update.id, time);
      if (held !== undefined) return Promise.resolve({ entry: held, duplicate: true });
      const entry: BrokerEntry = { seq: ++seq, update, time };
      history.append(entry);
      if (update.retain) {
        const topic = update.topics[0]!;
        retained.delete(topic);
        retained.set(topic, entry);
      }
      for (const listener of listeners) listener(entry);
      return Promise.resolve({ entry, duplicate: false });
    },

    listen(listener: (entry: BrokerEntry) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    readSince(lastEventId: string): Promise<HistoryRead> {
      const time = now();
      if (lastEventId === "earliest") {
        const entries = history.all(time);
        return Promise.resolve({ entries, found: true, earliest: entries[0]?.update.id ?? "", head: seq });
      }
      const from = history.get(lastEventId, time);
      const earliest = history.oldest?.update.id ?? "";
      if (from === undefined) return Promise.resolve({ entries: [], found: false, earliest, head: seq });
      return Promise.resolve({ entries: history.after(from), found: true, earliest, head: seq });
    },

    retained(): Promise<RetainedRead> {
      return Promise.resolve({ entries: [...retained.values()], head: seq });
    },

    state(): BrokerState {
      history.evictExpired(now());
      return {
        historySize: history.size,
        retainedTopics: retained.size,
        lastEventId: history.newest?.update.id,
      };
    },

    close(): Promise<void> {
      listeners.clear();
      return Promise.resolve();
    },
  };
}
