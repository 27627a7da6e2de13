import type { Update } from "@ssehub/protocol";
import type { BrokerEntry } from "../core/broker.ts";
import { entryBytes } from "../core/entry-bytes.ts";
import { sameUpdate } from "../core/same-update.ts";
import type { Database, Statement } from "./driver.ts";
import { Lane, type LaneBounds } from "./lane.ts";
import { encodeUpdate, toEntry } from "./rows.ts";

/** The history's bounds: updates by count, bytes and age; subscription events by count and age. */
export interface HistoryBounds {
  updates: LaneBounds;
  presence: LaneBounds;
}

// A row is held when it is above its kind's floor; the two floors are the last two parameters.
const HELD = "((presence = 0 AND seq > ?) OR (presence = 1 AND seq > ?))";

/** The history table: updates and subscription events in one order (the row id), each kind in its own bound. */
export class HistoryTable {
  readonly updates: Lane;
  readonly presence: Lane;
  /** The newest seq handed out (0 when none). */
  head: number;
  readonly #insert: Statement;
  readonly #updatesWithId: Statement;
  readonly #firstWithId: Statement;
  readonly #after: Statement;
  readonly #oldest: Statement;
  readonly #newest: Statement;
  readonly #saveFloor: Statement;

  constructor(db: Database, bounds: HistoryBounds) {
    const floor = db.prepare("SELECT value FROM meta WHERE key = ?");
    this.updates = new Lane(db, 0, Number(floor.get("updates_floor")?.value ?? 0), bounds.updates);
    this.presence = new Lane(db, 1, Number(floor.get("presence_floor")?.value ?? 0), bounds.presence);
    this.head = Number(db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'entries'").get()?.seq ?? 0);
    this.#insert = db.prepare("INSERT INTO entries (id, presence, time, bytes, body) VALUES (?, ?, ?, ?, ?)");
    this.#updatesWithId = db.prepare(
      "SELECT seq, time, body FROM entries WHERE id = ? AND presence = 0 AND seq > ? ORDER BY seq",
    );
    this.#firstWithId = db.prepare(`SELECT seq FROM entries WHERE id = ? AND ${HELD} ORDER BY seq LIMIT 1`);
    this.#after = db.prepare(`SELECT seq, time, body FROM entries WHERE seq > ? AND ${HELD} ORDER BY seq`);
    this.#oldest = db.prepare(`SELECT seq, time, body FROM entries WHERE ${HELD} ORDER BY seq LIMIT 1`);
    this.#newest = db.prepare(`SELECT id FROM entries WHERE ${HELD} ORDER BY seq DESC LIMIT 1`);
    this.#saveFloor = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
  }

  /** Applies the bounds at `now` (the age bound moves with the clock). */
  evict(now: number): void {
    this.updates.evict(now);
    this.presence.evict(now);
  }

  /** Stores an entry (inside the caller's transaction) and evicts what it pushes out. */
  append(update: Update, presence: boolean, time: number): BrokerEntry {
    const bytes = entryBytes(update);
    const result = this.#insert.run(update.id, presence ? 1 : 0, time, bytes, encodeUpdate(update));
    const seq = Number(result.lastInsertRowid);
    this.head = seq;
    const lane = presence ? this.presence : this.updates;
    lane.added(seq, time, bytes);
    lane.evict(time);
    return { seq, update, time };
  }

  /** The held update this one repeats exactly (same id, same content), if any. */
  findRepeat(update: Update): BrokerEntry | undefined {
    for (const row of this.#updatesWithId.all(update.id, this.updates.floor)) {
      const held = toEntry(row);
      if (sameUpdate(held.update, update)) return held;
    }
    return undefined;
  }

  /** Seq of the earliest held entry with this id (Mercure: a reused id resolves to the earliest). */
  firstWithId(id: string): number | undefined {
    const row = this.#firstWithId.get(id, ...this.#floors());
    return row === undefined ? undefined : Number(row.seq);
  }

  /** Held entries after `seq`, both kinds merged, in order. */
  after(seq: number): BrokerEntry[] {
    return this.#after.all(seq, ...this.#floors()).map(toEntry);
  }

  oldest(): BrokerEntry | undefined {
    const row = this.#oldest.get(...this.#floors());
    return row === undefined ? undefined : toEntry(row);
  }

  newestId(): string | undefined {
    const row = this.#newest.get(...this.#floors());
    return row === undefined ? undefined : String(row.id);
  }

  /** Records the floors in the file, so evicted rows not yet deleted stay evicted after a restart. */
  saveFloors(): void {
    this.#saveFloor.run("updates_floor", this.updates.floor);
    this.#saveFloor.run("presence_floor", this.presence.floor);
  }

  snapshot(): () => void {
    const restoreUpdates = this.updates.snapshot();
    const restorePresence = this.presence.snapshot();
    const head = this.head;
    return () => {
      restoreUpdates();
      restorePresence();
      this.head = head;
    };
  }

  #floors(): [number, number] {
    return [this.updates.floor, this.presence.floor];
  }
}
