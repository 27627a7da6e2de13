import { clearImmediate, clearTimeout, setImmediate, setTimeout } from "node:timers";

/** Rows deleted per trimming transaction: small, so a publish never waits long behind one. */
export const TRIM_BATCH = 256;
/** How long evicted rows may wait to be deleted when fewer than a batch are pending, ms. */
const TRIM_DELAY = 1000;

/**
 * Deletes evicted rows in the background: a batch at once when a full one is pending, otherwise after a
 * short delay, and batch after batch (yielding to the event loop between them) until none remain.
 */
export class Trimmer {
  readonly #trimBatch: () => number;
  readonly #pending: () => number;
  #timer: { unref?: () => unknown } | undefined;
  #timerKind: "soon" | "later" | undefined;
  #stopped = false;

  /** `trimBatch` deletes up to {@link TRIM_BATCH} rows in one transaction; `pending` counts those left. */
  constructor(trimBatch: () => number, pending: () => number) {
    this.#trimBatch = trimBatch;
    this.#pending = pending;
  }

  /** Called after each commit: schedules the work its evictions left. */
  poke(): void {
    if (this.#stopped || this.#timerKind === "soon") return;
    const pending = this.#pending();
    if (pending >= TRIM_BATCH) {
      this.#cancel();
      this.#timerKind = "soon";
      this.#timer = setImmediate(() => this.#run());
    } else if (pending > 0 && this.#timerKind === undefined) {
      this.#timerKind = "later";
      this.#timer = setTimeout(() => this.#run(), TRIM_DELAY);
    }
    // Pending deletions alone must not keep a process alive; close() trims nothing more anyway.
    this.#timer?.unref?.();
  }

  stop(): void {
    this.#stopped = true;
    this.#cancel();
  }

  #run(): void {
    this.#timer = undefined;
    this.#timerKind = undefined;
    if (this.#stopped) return;
    try {
      this.#trimBatch();
    } catch {
      // Deleting evicted rows can wait: they are already out of every read. The next commit tries again,
      // and a store that cannot write at all fails that commit, which its publisher is told about.
      return;
    }
    this.poke();
  }

  #cancel(): void {
    if (this.#timer === undefined) return;
    if (this.#timerKind === "soon") clearImmediate(this.#timer as ReturnType<typeof setImmediate>);
    else clearTimeout(this.#timer as ReturnType<typeof setTimeout>);
    this.#timer = undefined;
    this.#timerKind = undefined;
  }
}
