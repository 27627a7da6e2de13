import { setImmediate } from "node:timers";

interface Waiting<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the items submitted during one turn of the event loop (the requests read in one I/O phase) and
 * commits them together: one transaction, one write to the log, for however many arrived. Each submitter is
 * answered only after the commit that holds its item.
 */
export class GroupCommit<I, O> {
  #waiting: Waiting<I, O>[] = [];
  #scheduled = false;
  readonly #commit: (items: I[]) => O[];

  /** `commit` stores the items in one transaction and returns one result each, in order; it throws on failure. */
  constructor(commit: (items: I[]) => O[]) {
    this.#commit = commit;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      // After the I/O phase: every request that arrived with this one joins its batch.
      setImmediate(() => this.flush());
    });
  }

  /** Commits what is waiting now (also called on close, so nothing submitted is dropped). */
  flush(): void {
    this.#scheduled = false;
    const batch = this.#waiting;
    if (batch.length === 0) return;
    this.#waiting = [];
    let results: O[];
    try {
      results = this.#commit(batch.map((waiting) => waiting.item));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    for (const [index, waiting] of batch.entries()) waiting.resolve(results[index]!);
  }
}
