import type { BrokerEntry } from "./broker.ts";

/** Held entries of one id: the entry, or those of a reused id in seq order (the first is what a resume names). */
export type HeldWithId = BrokerEntry | BrokerEntry[];

/**
 * The in-memory broker's held entries by update id, for a resume from an update id and for a publisher's
 * repeated id; kept only while something asks. It is made from the held entries on the first question and
 * dropped once `idleAfter` entries were added with no question, so that a hub whose publishes carry no id of
 * their own and whose subscribers do not resume from one makes no map entry per publish (three map operations
 * each, and the hash of each id).
 * Building it costs one insertion per held entry; keeping it over the `idleAfter` additions that may follow
 * costs at least as much, so with `idleAfter` at least the number held, building on demand never costs more
 * than keeping it all along.
 */
export class IdIndex {
  #byId: Map<string, HeldWithId> | undefined;
  #quiet = 0;
  readonly #held: () => Iterable<BrokerEntry>;
  readonly #idleAfter: number;

  /** @param held the held entries, in seq order (what the index is made from). */
  constructor(held: () => Iterable<BrokerEntry>, idleAfter: number) {
    this.#held = held;
    this.#idleAfter = idleAfter;
  }

  /** Whether the index is kept now (what the tests observe). */
  get open(): boolean {
    return this.#byId !== undefined;
  }

  /** The held entries with `id` (made from the held entries if the index was dropped). */
  find(id: string): HeldWithId | undefined {
    this.#quiet = 0;
    if (this.#byId === undefined) {
      this.#byId = new Map();
      for (const entry of this.#held()) this.#insert(this.#byId, entry);
    }
    return this.#byId.get(id);
  }

  /** Records a new entry (its seq above every held one): indexed if the index is kept. */
  added(entry: BrokerEntry): void {
    if (this.#byId === undefined) return;
    if (++this.#quiet > this.#idleAfter) this.#byId = undefined;
    else this.#insert(this.#byId, entry);
  }

  /** Removes an entry that is no longer held. */
  forget(entry: BrokerEntry): void {
    const byId = this.#byId;
    if (byId === undefined) return;
    const { id } = entry.update;
    const held = byId.get(id);
    if (held === entry) {
      byId.delete(id);
    } else if (Array.isArray(held)) {
      const at = held.indexOf(entry);
      if (at >= 0) held.splice(at, 1);
      if (held.length === 1) byId.set(id, held[0]!);
    }
  }

  #insert(byId: Map<string, HeldWithId>, entry: BrokerEntry): void {
    const { id } = entry.update;
    const held = byId.get(id);
    // An id is nearly always unique, so no array is made per entry.
    if (held === undefined) byId.set(id, entry);
    else if (Array.isArray(held)) held.push(entry);
    else byId.set(id, [held, entry]);
  }
}
