/** Bounds of a {@link BoundedCache}. */
export interface CacheBounds<K, V> {
  /** Most entries held. */
  maxEntries: number;
  /** Most total weight held (bytes, states…); an entry heavier than this alone is never held. */
  maxWeight: number;
  /** Weight of one entry, counted while it is held. */
  weigh(key: K, value: V): number;
}

/**
 * A least-recently-used cache bounded by entry count and by total weight, so that callers who choose the keys
 * (publishers' topics, subscribers' selectors, tokens) cannot grow it past either bound.
 */
export class BoundedCache<K, V> {
  readonly #bounds: CacheBounds<K, V>;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  readonly #entries = new Map<K, { value: V; weight: number }>();
  // The most recently used entry: using it again (one client's requests back to back) needs no re-insert.
  #newest: { value: V; weight: number } | undefined;
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
    return this.#entries.keys().next().value;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry !== this.#newest) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      this.#newest = entry;
    }
    return entry.value;
  }

  /** Holds `value`, dropping the least recently used entries as needed; false when it is too heavy to hold. */
  set(key: K, value: V): boolean {
    this.delete(key);
    const weight = this.#bounds.weigh(key, value);
    if (weight > this.#bounds.maxWeight || this.#bounds.maxEntries === 0) return false;
    while (this.#entries.size >= this.#bounds.maxEntries || this.#weight + weight > this.#bounds.maxWeight) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    const entry = { value, weight };
    this.#entries.set(key, entry);
    this.#newest = entry;
    this.#weight += weight;
    return true;
  }

  delete(key: K): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
    if (entry === this.#newest) this.#newest = undefined;
  }

  clear(): void {
    this.#entries.clear();
    this.#weight = 0;
    this.#newest = undefined;
  }
}
