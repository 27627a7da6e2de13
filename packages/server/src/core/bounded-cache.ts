/** Bounds of a {@link BoundedCache}. */
export interface CacheBounds<K, V> {
  /** Most entries held. */
  maxEntries: number;
  /** Most total weight held (bytes, states…); an entry heavier than this alone is never held. */
  maxWeight: number;
  /** Weight of one entry, counted while it is held. */
  weigh(key: K, value: V): number;
}

interface Entry<K, V> {
  readonly key: K;
  readonly value: V;
  readonly weight: number;
  /** Neighbours in order of use: `older` toward the least recently used, `newer` toward the most. */
  older: Entry<K, V> | undefined;
  newer: Entry<K, V> | undefined;
}

/**
 * A least-recently-used cache bounded by entry count and by total weight, so that callers who choose the keys
 * (publishers' topics, subscribers' selectors, tokens) cannot grow it past either bound.
 *
 * The order of use is a list through the entries rather than the Map's insertion order: V8 leaves a hole for
 * every deleted Map entry until it next rehashes, and finding the first live entry walks them, so evicting the
 * oldest from a full Map under churn (50,000 publishers through 10,000 entries) cost thousands of steps each.
 */
export class BoundedCache<K, V> {
  readonly #bounds: CacheBounds<K, V>;
  readonly #entries = new Map<K, Entry<K, V>>();
  #oldest: Entry<K, V> | undefined;
  #newest: Entry<K, V> | undefined;
  #weight = 0;

  constructor(bounds: CacheBounds<K, V>) {
    this.#bounds = bounds;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Total weight held. */
  get weight(): number {
    return this.#weight;
  }

  /** Whether `value` would be held under `key` without dropping another entry. */
  fits(key: K, value: V): boolean {
    return (
      this.#entries.size < this.#bounds.maxEntries &&
      this.#weight + this.#bounds.weigh(key, value) <= this.#bounds.maxWeight
    );
  }

  /** The key of the least recently used entry: the first one {@link set} drops. */
  oldestKey(): K | undefined {
    return this.#oldest?.key;
  }

  get(key: K): V | undefined {
    // The entry used last is the one asked for again most often (a publisher posting back to back): it is
    // found by comparing its key, without the lookup's hash of a key string that is new on every request.
    const newest = this.#newest;
    if (newest !== undefined && newest.key === key) return newest.value;
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry !== this.#newest) {
      this.#unlink(entry);
      this.#append(entry);
    }
    return entry.value;
  }

  /** Holds `value`, dropping the least recently used entries as needed; false when it is too heavy to hold. */
  set(key: K, value: V): boolean {
    this.delete(key);
    const weight = this.#bounds.weigh(key, value);
    if (weight > this.#bounds.maxWeight || this.#bounds.maxEntries === 0) return false;
    while (
      this.#oldest !== undefined &&
      (this.#entries.size >= this.#bounds.maxEntries || this.#weight + weight > this.#bounds.maxWeight)
    ) {
      this.delete(this.#oldest.key);
    }
    const entry: Entry<K, V> = { key, value, weight, older: undefined, newer: undefined };
    this.#entries.set(key, entry);
    this.#append(entry);
    this.#weight += weight;
    return true;
  }

  /** Drops the entry of `key`; false when none was held. */
  delete(key: K): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#entries.delete(key);
    this.#unlink(entry);
    this.#weight -= entry.weight;
    return true;
  }

  /** The values held, least recently used first. */
  *values(): IterableIterator<V> {
    for (let entry = this.#oldest; entry !== undefined; entry = entry.newer) yield entry.value;
  }

  clear(): void {
    this.#entries.clear();
    this.#oldest = this.#newest = undefined;
    this.#weight = 0;
  }

  #append(entry: Entry<K, V>): void {
    entry.older = this.#newest;
    entry.newer = undefined;
    if (this.#newest === undefined) this.#oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
  }

  #unlink(entry: Entry<K, V>): void {
    if (entry.older === undefined) this.#oldest = entry.newer;
    else entry.older.newer = entry.newer;
    if (entry.newer === undefined) this.#newest = entry.older;
    else entry.newer.older = entry.older;
  }
}
