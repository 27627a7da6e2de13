import type { Database, Statement } from "./driver.ts";

/** The bounds of one kind of entry; `maxBytes` is Infinity for a kind whose bytes are not bounded. */
export interface LaneBounds {
  maxCount: number;
  maxBytes: number;
  maxAge: number;
}

interface Oldest {
  seq: number;
  time: number;
  bytes: number;
}

/**
 * The held entries of one kind (updates, or subscription events) in the history table: those with a seq
 * above `floor`, the newest evicted seq of the kind. Eviction only moves the floor (oldest first, while over
 * a bound), so it is a few index reads; rows at or below it are deleted later by the trimmer, in batches.
 */
export class Lane {
  floor: number;
  count = 0;
  bytes = 0;
  /** Rows at or below `floor` still in the table. */
  untrimmed = 0;
  readonly #bounds: LaneBounds;
  readonly #oldestAbove: Statement;
  readonly #deleteBatch: Statement;
  /** The oldest held entry's cost, cached between evictions (null: not read yet). */
  #oldest: Oldest | undefined | null = null;

  constructor(db: Database, kind: 0 | 1, floor: number, bounds: LaneBounds) {
    this.floor = floor;
    this.#bounds = bounds;
    this.#oldestAbove = db.prepare(
      `SELECT seq, time, bytes FROM entries WHERE presence = ${kind} AND seq > ? ORDER BY seq LIMIT 1`,
    );
    this.#deleteBatch = db.prepare(
      `DELETE FROM entries WHERE seq IN (SELECT seq FROM entries WHERE presence = ${kind} AND seq <= ? ORDER BY seq LIMIT ?)`,
    );
    const held = db
      .prepare(`SELECT count(*) AS n, total(bytes) AS b FROM entries WHERE presence = ${kind} AND seq > ?`)
      .get(floor);
    this.count = Number(held?.n);
    this.bytes = Number(held?.b);
    const stale = db
      .prepare(`SELECT count(*) AS n FROM entries WHERE presence = ${kind} AND seq <= ?`)
      .get(floor);
    this.untrimmed = Number(stale?.n);
  }

  /** Counts an entry just inserted. */
  added(seq: number, time: number, bytes: number): void {
    if (this.count === 0) this.#oldest = { seq, time, bytes };
    this.count++;
    this.bytes += bytes;
  }

  /** Moves the floor past the oldest entries while the lane is over a bound at `now`. */
  evict(now: number): void {
    const { maxCount, maxBytes, maxAge } = this.#bounds;
    const expired = now - maxAge;
    while (this.count > 0) {
      const oldest = this.#readOldest();
      if (oldest === undefined) return;
      if (this.count <= maxCount && this.bytes <= maxBytes && oldest.time >= expired) return;
      this.floor = oldest.seq;
      this.count--;
      this.bytes -= oldest.bytes;
      this.untrimmed++;
      this.#oldest = null;
    }
  }

  /** Deletes up to `limit` evicted rows; returns how many it deleted. */
  trim(limit: number): number {
    if (this.untrimmed === 0) return 0;
    const deleted = Number(this.#deleteBatch.run(this.floor, limit).changes);
    this.untrimmed = deleted < limit ? 0 : Math.max(0, this.untrimmed - deleted);
    return deleted;
  }

  snapshot(): () => void {
    const { floor, count, bytes, untrimmed } = this;
    return () => {
      Object.assign(this, { floor, count, bytes, untrimmed });
      this.#oldest = null;
    };
  }

  #readOldest(): Oldest | undefined {
    if (this.#oldest === null) {
      const row = this.#oldestAbove.get(this.floor);
      this.#oldest =
        row === undefined
          ? undefined
          : { seq: Number(row.seq), time: Number(row.time), bytes: Number(row.bytes) };
    }
    return this.#oldest;
  }
}
