import type { BrokerEntry } from "../core/broker.ts";
import type { Database, Statement } from "./driver.ts";
import { encodeUpdate, toEntry } from "./rows.ts";

/**
 * Each topic's latest retained update, at most `maxRetained` topics (the least recently retained go first).
 * A file holding more (the bound was lowered) serves only the newest `maxRetained`; the trimmer deletes the rest.
 */
export class RetainedTable {
  /** Rows in the table, including those past the bound not yet trimmed. */
  #rows: number;
  readonly #max: number;
  readonly #has: Statement;
  readonly #put: Statement;
  readonly #dropOldest: Statement;
  readonly #newest: Statement;
  readonly #olderThan: Statement;
  readonly #remove: Statement;

  constructor(db: Database, maxRetained: number) {
    this.#max = maxRetained;
    this.#rows = Number(db.prepare("SELECT count(*) AS n FROM retained").get()?.n);
    this.#has = db.prepare("SELECT seq FROM retained WHERE topic = ?");
    this.#put = db.prepare(
      "INSERT INTO retained (topic, seq, time, body) VALUES (?, ?, ?, ?) " +
        "ON CONFLICT (topic) DO UPDATE SET seq = excluded.seq, time = excluded.time, body = excluded.body",
    );
    this.#dropOldest = db.prepare(
      "DELETE FROM retained WHERE seq IN (SELECT seq FROM retained ORDER BY seq LIMIT ?)",
    );
    this.#newest = db.prepare("SELECT seq, time, body FROM retained ORDER BY seq DESC LIMIT ?");
    this.#olderThan = db.prepare("SELECT count(*) AS n FROM retained WHERE seq < ?");
    this.#remove = db.prepare("DELETE FROM retained WHERE topic = ?");
  }

  /** Rows past the bound, to be trimmed. */
  get excess(): number {
    return Math.max(0, this.#rows - this.#max);
  }

  get size(): number {
    return Math.min(this.#rows, this.#max);
  }

  /** Makes `entry` its canonical topic's retained update (inside the caller's transaction). */
  put(entry: BrokerEntry): void {
    const topic = entry.update.topics[0]!;
    const isNew = this.#has.get(topic) === undefined;
    this.#put.run(topic, entry.seq, entry.time, encodeUpdate(entry.update));
    if (!isNew) return;
    this.#rows++;
    // One new topic pushes out at most one old one, unless the file held more than the bound to begin with.
    if (this.#rows === this.#max + 1) this.trim(1);
  }

  /** The retained entries in publish order. */
  entries(): BrokerEntry[] {
    return this.#newest.all(this.#max).map(toEntry).reverse();
  }

  /** Forgets a topic's retained update; true when it had one within the bound. */
  remove(topic: string): boolean {
    const row = this.#has.get(topic);
    if (row === undefined) return false;
    const excess = this.#rows - this.#max;
    const held = excess <= 0 || Number(this.#olderThan.get(row.seq!)?.n) >= excess;
    this.#remove.run(topic);
    this.#rows--;
    return held;
  }

  /** Deletes up to `limit` rows past the bound; returns how many. */
  trim(limit: number): number {
    const excess = this.#rows - this.#max;
    if (excess <= 0) return 0;
    const deleted = Number(this.#dropOldest.run(Math.min(excess, limit)).changes);
    this.#rows -= deleted;
    return deleted;
  }

  snapshot(): () => void {
    const rows = this.#rows;
    return () => {
      this.#rows = rows;
    };
  }
}
