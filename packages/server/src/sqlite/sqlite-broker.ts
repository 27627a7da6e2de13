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
import { type ResolvedBounds, resolveBounds } from "../core/broker-bounds.ts";
import { formatPosition, parsePosition } from "../core/position.ts";
import type { Database } from "./driver.ts";
import { GroupCommit } from "./group-commit.ts";
import { HistoryTable } from "./history-table.ts";
import { RetainedTable } from "./retained-table.ts";
import { openStore } from "./store-file.ts";
import { TRIM_BATCH, Trimmer } from "./trimmer.ts";

/** Options of {@link createSqliteBroker}: the store file and the bounds every broker takes. */
export interface SqliteBrokerOptions extends BrokerBounds {
  /** The store file, created when missing. One process at a time may hold it. */
  path: string;
}

interface Publishing {
  update: Update;
  presence: boolean;
  newId: boolean;
}

/**
 * A broker whose history, retained state and idempotency live in an SQLite file (WAL), on the SQLite the
 * runtime ships (`node:sqlite`: Node 22.13+, Deno 2.2+, Bun). A publish resolves only once its row is
 * committed; publishes arriving together share one commit. Order is the row id.
 * @throws {StoreError} when the runtime has no SQLite, or the file is another's, damaged, locked or unwritable.
 * @throws {RangeError} when a bound is not a non-negative integer.
 */
export async function createSqliteBroker(options: SqliteBrokerOptions): Promise<Broker> {
  const bounds = resolveBounds(options);
  const store = await openStore(options.path);
  try {
    return new SqliteBroker(store.db, store.epoch, bounds);
  } catch (error) {
    store.db.close();
    throw error;
  }
}

class SqliteBroker implements Broker {
  readonly #db: Database;
  readonly #epoch: string;
  readonly #now: () => number;
  readonly #history: HistoryTable;
  readonly #retained: RetainedTable;
  readonly #listeners = new Set<(entry: BrokerEntry) => void>();
  readonly #commits: GroupCommit<Publishing, PublishResult>;
  readonly #trimmer: Trimmer;
  #closed = false;
  /** The state at close, answered from then on (the file is no longer open). */
  #finalState: BrokerState | undefined;

  constructor(db: Database, epoch: string, bounds: ResolvedBounds) {
    this.#db = db;
    this.#epoch = epoch;
    this.#now = bounds.now;
    this.#history = new HistoryTable(db, {
      updates: {
        maxCount: bounds.historySize,
        maxBytes: bounds.historyMaxBytes,
        maxAge: bounds.historyMaxAge,
      },
      presence: { maxCount: bounds.presenceHistorySize, maxBytes: Infinity, maxAge: bounds.historyMaxAge },
    });
    this.#retained = new RetainedTable(db, bounds.maxRetained);
    this.#commits = new GroupCommit((batch) => this.#commit(batch));
    this.#trimmer = new Trimmer(
      () => this.#trim(),
      () => this.#history.updates.untrimmed + this.#history.presence.untrimmed + this.#retained.excess,
    );
    // Bounds lowered since the last run, or evictions not yet deleted, are worked off in the background.
    this.#history.evict(this.#now());
    this.#trimmer.poke();
  }

  publish(update: Update, options: PublishOptions = {}): Promise<PublishResult> {
    if (this.#closed) return Promise.reject(new Error("the SQLite broker is closed"));
    return this.#commits.submit({
      update,
      presence: options.presence === true,
      newId: options.newId === true,
    });
  }

  listen(listener: (entry: BrokerEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  readSince(lastEventId: string): Promise<HistoryRead> {
    return this.#read(() => {
      const history = this.#history;
      history.evict(this.#now());
      const from = this.#resolve(lastEventId);
      return {
        entries: from === undefined ? [] : history.after(from),
        found: from !== undefined,
        earliest: history.oldest(),
        head: history.head,
        position: formatPosition(this.#epoch, history.head),
      };
    });
  }

  retained(): Promise<RetainedRead> {
    return this.#read(() => {
      const head = this.#history.head;
      return { entries: this.#retained.entries(), head, position: formatPosition(this.#epoch, head) };
    });
  }

  clearRetained(topic: string): Promise<boolean> {
    return this.#read(() => this.#retained.remove(topic));
  }

  state(): BrokerState {
    if (this.#finalState !== undefined) return this.#finalState;
    const history = this.#history;
    history.evict(this.#now());
    return {
      historySize: history.updates.count,
      historyBytes: history.updates.bytes,
      retainedTopics: this.#retained.size,
      lastEventId: history.newestId(),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    // What was accepted before close is committed and answered, never dropped.
    this.#commits.flush();
    this.#finalState = this.state();
    this.#closed = true;
    this.#trimmer.stop();
    this.#listeners.clear();
    this.#history.saveFloors();
    this.#db.close();
  }

  /** The seq after which a resume starts, or undefined when `lastEventId` is unknown, evicted or of another epoch. */
  #resolve(lastEventId: string): number | undefined {
    const history = this.#history;
    if (lastEventId === "earliest") return 0;
    const position = parsePosition(lastEventId);
    const seq =
      position === undefined
        ? history.firstWithId(lastEventId)
        : position.epoch === this.#epoch && position.seq <= history.head
          ? position.seq
          : undefined;
    // Resuming from `seq` loses nothing only when no update after it was evicted (a subscription event's id
    // may be held longer than the updates that followed it).
    return seq !== undefined && seq >= history.updates.floor ? seq : undefined;
  }

  #read<T>(read: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("the SQLite broker is closed"));
    try {
      return Promise.resolve(read());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** One transaction for a batch of publishes; listeners hear of the new entries only once it is committed. */
  #commit(batch: Publishing[]): PublishResult[] {
    const restoreHistory = this.#history.snapshot();
    const restoreRetained = this.#retained.snapshot();
    const time = this.#now();
    let results: PublishResult[];
    this.#db.exec("BEGIN");
    try {
      this.#history.evict(time);
      results = batch.map((publishing) => this.#store(publishing, time));
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      restoreHistory();
      restoreRetained();
      throw error;
    }
    for (const { entry, duplicate } of results) {
      if (!duplicate) for (const listener of this.#listeners) listener(entry);
    }
    this.#trimmer.poke();
    return results;
  }

  #store({ update, presence, newId }: Publishing, time: number): PublishResult {
    if (!presence && !newId) {
      const held = this.#history.findRepeat(update);
      if (held !== undefined) return { entry: held, duplicate: true };
    }
    const entry = this.#history.append(update, presence, time);
    if (update.retain && !presence) this.#retained.put(entry);
    return { entry, duplicate: false };
  }

  /** Deletes a batch of evicted rows (history first, then retained past its bound), saving the floors with it. */
  #trim(): number {
    const history = this.#history;
    const restoreHistory = history.snapshot();
    const restoreRetained = this.#retained.snapshot();
    this.#db.exec("BEGIN");
    try {
      history.saveFloors();
      let deleted = history.updates.trim(TRIM_BATCH);
      if (deleted < TRIM_BATCH) deleted += history.presence.trim(TRIM_BATCH - deleted);
      if (deleted < TRIM_BATCH) deleted += this.#retained.trim(TRIM_BATCH - deleted);
      this.#db.exec("COMMIT");
      return deleted;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      restoreHistory();
      restoreRetained();
      throw error;
    }
  }
}
