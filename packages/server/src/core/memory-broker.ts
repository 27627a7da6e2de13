import type { Update } from "@ssehub/protocol";
import { BoundedCache } from "./bounded-cache.ts";
import type {
  Broker,
  BrokerBounds,
  BrokerEntry,
  BrokerState,
  HistoryRead,
  PublishOptions,
  PublishResult,
  RetainedRead,
} from "./broker.ts";
import { resolveBounds } from "./broker-bounds.ts";
import { entryBytes } from "./entry-bytes.ts";
import { History } from "./history.ts";
import { type HeldWithId, IdIndex } from "./id-index.ts";
import { formatPosition, newEpoch, parsePosition } from "./position.ts";
import { sameUpdate } from "./same-update.ts";

/** A broker's publish answered at once, with what its `publish` would resolve to. */
export type ImmediatePublish = (update: Update, options?: PublishOptions) => PublishResult;

// The memory brokers made here, by the very object returned: a wrapper of one (a copy with its own `publish`)
// is not among them, so its `publish` is the one called.
const immediate = new WeakMap<Broker, ImmediatePublish>();

/**
 * The publish of a broker made by {@link createMemoryBroker}, answered at once: the hub calls it instead of
 * `publish`, and spends no promise and microtask per publish on a store that needs none. Undefined for any other
 * broker, a wrapper of a memory broker included.
 */
export function immediatePublish(broker: Broker): ImmediatePublish | undefined {
  return immediate.get(broker);
}

/** Options of {@link createMemoryBroker}: the bounds every broker takes. */
export type MemoryBrokerOptions = BrokerBounds;

/**
 * A broker for one process: order by a counter, history in memory, announcements by direct calls. Its
 * epoch is new in each process, so positions from before a restart resume into a gap.
 */
export function createMemoryBroker(options: MemoryBrokerOptions = {}): Broker {
  const bounds = resolveBounds(options);
  const { now } = bounds;
  const epoch = newEpoch();
  // Highest seq of an update no longer held: a resume point below it would miss that update.
  let evictedUpdateSeq = 0;
  const updates = new History(
    { maxSize: bounds.historySize, maxAge: bounds.historyMaxAge, maxBytes: bounds.historyMaxBytes },
    (entry) => {
      evictedUpdateSeq = Math.max(evictedUpdateSeq, entry.seq);
      ids.forget(entry);
    },
  );
  // Subscription events: their own bound, so a crowd connecting and leaving never pushes updates out.
  const presence = new History(
    {
      maxSize: bounds.presenceHistorySize,
      maxAge: bounds.historyMaxAge,
      maxBytes: Number.POSITIVE_INFINITY,
    },
    (entry) => ids.forget(entry),
  );
  // Latest retained entry per canonical topic, in publish order (never read by key, so set alone orders it);
  // past the bound the one retained longest ago goes.
  const retained = new BoundedCache<string, BrokerEntry>({
    maxEntries: bounds.maxRetained,
    maxWeight: Number.POSITIVE_INFINITY,
    weigh: () => 0,
  });
  const listeners = new Set<(entry: BrokerEntry) => void>();
  let seq = 0;

  const expire = (time = now()): void => {
    updates.evictExpired(time);
    presence.evictExpired(time);
  };
  const oldest = (): BrokerEntry | undefined => lowerSeq(updates.oldest, presence.oldest);
  const after = (from: number): BrokerEntry[] => mergeBySeq(updates.after(from), presence.after(from));
  // Held entries by update id, updates and subscription events alike, made from the held ones when a resume
  // or a publisher's own id asks for one (see IdIndex). The histories above report evictions to it.
  const ids = new IdIndex(() => after(0), bounds.historySize + bounds.presenceHistorySize);
  const read = (entries: BrokerEntry[], found: boolean): HistoryRead => ({
    entries,
    found,
    earliest: oldest(),
    head: seq,
    position: formatPosition(epoch, seq),
  });

  const publishNow: ImmediatePublish = (update, publishOptions = {}) => {
    const time = now();
    expire(time);
    const held = publishOptions.newId ? undefined : ids.find(update.id);
    const repeated = Array.isArray(held)
      ? held.find((entry) => sameUpdate(entry.update, update))
      : held !== undefined && sameUpdate(held.update, update)
        ? held
        : undefined;
    if (repeated !== undefined) return { entry: repeated, duplicate: true };
    const entry: BrokerEntry = { seq: ++seq, update, time };
    ids.added(entry);
    if (publishOptions.presence) {
      presence.append(entry, 0);
    } else {
      updates.append(entry, entryBytes(update));
      if (update.retain) retained.set(update.topics[0]!, entry);
    }
    for (const listener of listeners) listener(entry);
    return { entry, duplicate: false };
  };

  const broker: Broker = {
    publish(update: Update, publishOptions?: PublishOptions): Promise<PublishResult> {
      return Promise.resolve(publishNow(update, publishOptions));
    },

    listen(listener: (entry: BrokerEntry) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    readSince(lastEventId: string): Promise<HistoryRead> {
      expire();
      if (lastEventId === "earliest") return Promise.resolve(read(after(0), true));
      const position = parsePosition(lastEventId);
      const from = position === undefined ? firstHeld(ids.find(lastEventId))?.seq : position.seq;
      const found =
        from !== undefined &&
        (position === undefined || (position.epoch === epoch && position.seq <= seq)) &&
        evictedUpdateSeq <= from;
      return Promise.resolve(read(found ? after(from) : [], found));
    },

    retained(): Promise<RetainedRead> {
      return Promise.resolve({
        entries: [...retained.values()],
        head: seq,
        position: formatPosition(epoch, seq),
      });
    },

    clearRetained(topic: string): Promise<boolean> {
      return Promise.resolve(retained.delete(topic));
    },

    state(): BrokerState {
      expire();
      const update = updates.newest;
      const event = presence.newest;
      const newest = update === undefined || (event !== undefined && event.seq > update.seq) ? event : update;
      return {
        historySize: updates.size,
        historyBytes: updates.bytes,
        retainedTopics: retained.size,
        lastEventId: newest?.update.id,
      };
    },

    close(): Promise<void> {
      listeners.clear();
      return Promise.resolve();
    },
  };
  immediate.set(broker, publishNow);
  return broker;
}

function firstHeld(held: HeldWithId | undefined): BrokerEntry | undefined {
  return Array.isArray(held) ? held[0] : held;
}

function lowerSeq(a: BrokerEntry | undefined, b: BrokerEntry | undefined): BrokerEntry | undefined {
  if (a === undefined) return b;
  return b === undefined || a.seq < b.seq ? a : b;
}

/** Two runs in seq order merged into one. */
function mergeBySeq(a: BrokerEntry[], b: BrokerEntry[]): BrokerEntry[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const merged: BrokerEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) merged.push(a[i]!.seq < b[j]!.seq ? a[i++]! : b[j++]!);
  while (i < a.length) merged.push(a[i++]!);
  while (j < b.length) merged.push(b[j++]!);
  return merged;
}
