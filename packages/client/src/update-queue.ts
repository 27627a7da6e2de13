/**
 * The bounded buffer between the socket reader and one async iterator. The reader pushes and, once
 * `full`, awaits `room()` before reading more bytes, so a consumer that stops pulling stops the socket.
 * The consumer waits only when the buffer is empty and the reader only when it is full, so one list of
 * waiters, all woken on every change, serves both.
 */
export class UpdateQueue<T> {
  readonly #items: T[] = [];
  readonly #highWaterMark: number;
  #waiters: (() => void)[] = [];
  #ended = false;
  #error: unknown;

  constructor(highWaterMark: number) {
    this.#highWaterMark = Math.max(1, highWaterMark);
  }

  get full(): boolean {
    return !this.#ended && this.#items.length >= this.#highWaterMark;
  }

  push(item: T): void {
    if (this.#ended) return;
    this.#items.push(item);
    this.#wake();
  }

  /**
   * Ends the iterator after the buffered items (or at once, dropping them, with `discard`): normally, or by
   * throwing `error` once.
   */
  end(error?: unknown, discard = false): void {
    if (this.#ended) return;
    this.#ended = true;
    if (discard) this.#items.length = 0;
    this.#error = error;
    this.#wake();
  }

  async next(): Promise<IteratorResult<T>> {
    while (this.#items.length === 0 && !this.#ended) await this.#changed();
    if (this.#items.length > 0) {
      const value = this.#items.shift() as T;
      this.#wake();
      return { value, done: false };
    }
    const error = this.#error;
    this.#error = undefined;
    if (error !== undefined) throw error;
    return { value: undefined, done: true };
  }

  /** Resolves once the consumer has taken enough for the buffer to drop below its mark, or it ended. */
  async room(): Promise<void> {
    while (this.full) await this.#changed();
  }

  #changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }
}
