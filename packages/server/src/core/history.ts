import type { BrokerEntry } from "./broker.ts";

/** Bounds of one {@link History}. */
export interface HistoryLimits {
  /** Entries held, at most (0 holds none). */
  maxSize: number;
  /** Age at which an entry leaves, ms. */
  maxAge: number;
  /** Sum of the entries' byte costs, at most. */
  maxBytes: number;
}

/**
 * A bounded run of entries in `seq` order for the in-memory broker: at most `maxSize` entries and `maxBytes`
 * bytes, none older than `maxAge` ms; the oldest leave first, each reported to `onEvict`. Seqs increase but
 * need not be contiguous (the broker keeps updates and subscription events in two of these).
 */
export class History {
  // Evicted slots before `#start` are cleared at once, so a dropped entry's memory is freed before compaction.
  #held: (BrokerEntry | undefined)[] = [];
  // Each held entry's byte cost, at the same index: two flat arrays, not a small object per entry that the
  // garbage collector would copy and trace for as long as the entry is held.
  #costs: number[] = [];
  /** Index of the oldest live entry in `#held` (evicted ones are dropped in batches). */
  #start = 0;
  #bytes = 0;
  readonly #limits: HistoryLimits;
  readonly #onEvict: (entry: BrokerEntry) => void;

  constructor(limits: HistoryLimits, onEvict: (entry: BrokerEntry) => void) {
    this.#limits = limits;
    this.#onEvict = onEvict;
  }

  get size(): number {
    return this.#held.length - this.#start;
  }

  /** Sum of the held entries' byte costs. */
  get bytes(): number {
    return this.#bytes;
  }

  get oldest(): BrokerEntry | undefined {
    return this.#held[this.#start];
  }

  get newest(): BrokerEntry | undefined {
    return this.size > 0 ? this.#held[this.#held.length - 1] : undefined;
  }

  /** Appends `entry` (its seq above every held one), then evicts the oldest until within the bounds. */
  append(entry: BrokerEntry, bytes: number): void {
    this.#held.push(entry);
    this.#costs.push(bytes);
    this.#bytes += bytes;
    const { maxSize, maxBytes } = this.#limits;
    // An entry larger than `maxBytes` on its own evicts everything, itself included.
    while (this.size > maxSize || this.#bytes > maxBytes) this.#dropOldest();
    this.evictExpired(entry.time);
  }

  /** Held entries with a seq above `seq`, oldest first. */
  after(seq: number): BrokerEntry[] {
    // Binary search for the first held entry past `seq`.
    let low = this.#start;
    let high = this.#held.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#held[middle]!.seq <= seq) low = middle + 1;
      else high = middle;
    }
    const entries: BrokerEntry[] = [];
    for (let i = low; i < this.#held.length; i++) entries.push(this.#held[i]!);
    return entries;
  }

  evictExpired(now: number): void {
    const limit = now - this.#limits.maxAge;
    let oldest = this.oldest;
    while (oldest !== undefined && oldest.time < limit) {
      this.#dropOldest();
      oldest = this.oldest;
    }
  }

  #dropOldest(): void {
    const entry = this.#held[this.#start];
    if (entry === undefined) return;
    this.#held[this.#start] = undefined;
    this.#bytes -= this.#costs[this.#start]!;
    this.#start++;
    // Compact once the dead prefix is half the array, so eviction stays O(1) amortised.
    if (this.#start > 1024 && this.#start * 2 > this.#held.length) {
      this.#held = this.#held.slice(this.#start);
      this.#costs = this.#costs.slice(this.#start);
      this.#start = 0;
    }
    this.#onEvict(entry);
  }
}
