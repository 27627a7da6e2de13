/**
 * The bounded buffer between the socket reader and one async iterator. The reader pushes and, once
 * `full`, awaits `room()` before reading more bytes, so a consumer that stops pulling stops the socket.
 */
export class UpdateQueue<T> {
  readonly #highWaterMark: number;
  readonly #items: T[] = [];
  #pull: ((result: IteratorResult<T>) => void) | undefined;
  #fail: ((error: unknown) => void) | undefined;
  #roomWaiters: (() => void)[] = [];
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
    const pull = this.#pull;
    if (pull !== undefined) {
      this.#settle();
      pull({ value: item, done: false });
    } else this.#items.push(item);
  }

  /** Ends the iterator after the buffered items: normally, or by throwing `error` once. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#releaseRoom();
    if (this.#pull !== undefined && this.#items.length === 0) this.#finish();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#items.length > 0) {
      const value = this.#items.shift() as T;
      if (this.#items.length < this.#highWaterMark) this.#releaseRoom();
      return Promise.resolve({ value, done: false });
    }
    return new Promise((resolve, reject) => {
      this.#pull = resolve;
      this.#fail = reject;
      this.#releaseRoom();
      if (this.#ended) this.#finish();
    });
  }

  /** Resolves once the consumer has taken enough for the buffer to drop below its mark, or it ended. */
  room(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  #finish(): void {
    const pull = this.#pull;
    const fail = this.#fail;
    this.#settle();
    const error = this.#error;
    this.#error = undefined;
    if (error !== undefined && fail !== undefined) fail(error);
    else pull?.({ value: undefined, done: true });
  }

  #settle(): void {
    this.#pull = undefined;
    this.#fail = undefined;
  }

  #releaseRoom(): void {
    const waiters = this.#roomWaiters;
    this.#roomWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
