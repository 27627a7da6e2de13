/**
 * Runs tasks one after another in the order they were queued, whatever each one awaits, so two requests that
 * arrive together can never interleave their read-modify-write. A failed task does not stop the ones after it.
 */
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const result = tail.then(task);
      // The next task waits for this one to settle, success or failure.
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
