/**
 * The bounded buffer between the socket reader and one async iterator. The reader pushes and, once
 * `full`, awaits `room()` before reading more bytes, so a consumer that stops pulling stops the socket.
 * The consumer waits only when the buffer is empty and the reader only when it is full, so one list of
 * waiters, all woken on every change, serves both.
 */
export interface UpdateQueue<T> {
  /** True while it holds `highWaterMark` items or more (never once ended). */
  readonly full: boolean;
  push(item: T): void;
  /**
   * Ends the iterator after the buffered items (or at once, dropping them, with `discard`): normally, or by
   * throwing `error` once.
   */
  end(error?: unknown, discard?: boolean): void;
  next(): Promise<IteratorResult<T>>;
  /** Resolves once the consumer has taken enough for the buffer to drop below its mark, or it ended. */
  room(): Promise<void>;
}

/** Creates an {@link UpdateQueue} holding up to `highWaterMark` items (at least 1) before it is full. */
export function createUpdateQueue<T>(highWaterMark: number): UpdateQueue<T> {
  const items: T[] = [];
  const mark = Math.max(1, highWaterMark);
  let waiters: (() => void)[] = [];
  let ended = false;
  let failure: unknown;
  const changed = (): Promise<void> => new Promise((resolve) => waiters.push(resolve));
  const wake = (): void => {
    const woken = waiters;
    waiters = [];
    for (const resolve of woken) resolve();
  };
  const queue: UpdateQueue<T> = {
    get full() {
      return !ended && items.length >= mark;
    },
    push(item) {
      if (ended) return;
      items.push(item);
      wake();
    },
    end(error, discard) {
      if (ended) return;
      ended = true;
      if (discard) items.length = 0;
      failure = error;
      wake();
    },
    async next() {
      while (items.length === 0 && !ended) await changed();
      if (items.length > 0) {
        const value = items.shift() as T;
        wake();
        return { value, done: false };
      }
      const error = failure;
      failure = undefined;
      if (error !== undefined) throw error;
      return { value: undefined, done: true };
    },
    async room() {
      while (queue.full) await changed();
    },
  };
  return queue;
}
