/** Polls `condition` until it holds; fails after `timeoutMs` with `what` in the message (no timing assertions). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Collects `count` items from an async iterable within `timeoutMs` each, fewer if it ends; then leaves it,
 * which closes a subscription (also on timeout, so nothing stays open).
 */
export async function take<T>(iterable: AsyncIterable<T>, count: number, timeoutMs = 10_000): Promise<T[]> {
  const iterator = iterable[Symbol.asyncIterator]();
  const items: T[] = [];
  try {
    while (items.length < count) {
      const { value, done } = await within(
        iterator.next(),
        `item ${items.length + 1} of ${count}`,
        timeoutMs,
      );
      if (done) break;
      items.push(value);
    }
    return items;
  } finally {
    await iterator.return?.();
  }
}

/** `promise`, or a failure naming `what` after `timeoutMs`: no test waits forever. */
export async function within<T>(promise: Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
