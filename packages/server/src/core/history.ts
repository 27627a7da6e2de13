import type { BrokerEntry } from "./broker.ts";

/**
 * The bounded history of the in-memory broker: entries in `seq` order, at most `maxSize`, none older than
 * `maxAge` ms. `seq` values are contiguous, so an entry's position is its `seq` minus the oldest one's.
 */
export class History {
  // Evicted slots before `#start` are cleared at once, so a dropped entry's memory is freed before compaction.
  #entries: (BrokerEntry | undefined)[] = [];
  /** Index of the oldest live entry in `#entries` (evicted ones are dropped in batches). */
  #start = 0;
  readonly #byId = new Map<string, BrokerEntry>();
  readonly #maxSize: number;
  readonly #maxAge: number;

  constructor(maxSize: number, maxAge: number) {
    this.#maxSize = maxSize;
    this.#maxAge = maxAge;
  }

  get size(): number {
    return this.#entries.length - this.#start;
  }

  get oldest(): BrokerEntry | undefined {
    return this.#entries[this.#start];
  }

  get newest(): BrokerEntry | undefined {
    return this.size > 0 ? this.#entries[this.#entries.length - 1] : undefined;
  }

  /** The held entry with this update id (after evicting expired entries). */
  get(id: string, now: number): BrokerEntry | undefined {
    this.evictExpired(now);
    return this.#byId.get(id);
  }

  append(entry: BrokerEntry): void {
    if (this.#maxSize <= 0) return;
    this.#entries.push(entry);
    this.#byId.set(entry.update.id, entry);
    while (this.size > this.#maxSize) this.#dropOldest();
    this.evictExpired(entry.time);
  }

  /** Entries after `entry`, oldest first. */
  after(entry: BrokerEntry): BrokerEntry[] {
    const oldest = this.oldest;
    if (oldest === undefined) return [];
    return this.#entries.slice(this.#start + (entry.seq - oldest.seq) + 1) as BrokerEntry[];
  }

  all(now: number): BrokerEntry[] {
    this.evictExpired(now);
    return this.#entries.slice(this.#start) as BrokerEntry[];
  }

  evictExpired(now: number): void {
    const limit = now - this.#maxAge;
    let oldest = this.oldest;
    while (oldest !== undefined && oldest.time < limit) {
      this.#dropOldest();
      oldest = this.oldest;
    }
  }

  #dropOldest(): void {
    const entry = this.#entries[this.#start];
    if (entry === undefined) return;
    // A later entry may reuse the id only after this one left (publish is idempotent while it is held).
    if (this.#byId.get(entry.update.id) === entry) this.#byId.delete(entry.update.id);
    this.#entries[this.#start] = undefined;
    this.#start++;
    // Compact once the dead prefix is half the array, so eviction stays O(1) amortised.
    if (this.#start > 1024 && this.#start * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#start);
      this.#start = 0;
    }
  }
}
