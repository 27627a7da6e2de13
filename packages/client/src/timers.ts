/** Timer functions the client uses; inject fakes to test schedules without waiting. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Current time in ms since the epoch (for `Retry-After` dates). */
  now(): number;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: Date.now,
};

/**
 * Resolves after `ms`, or early (without error) when `signal` aborts or `wake` is called. Leaves no timer
 * behind either way.
 */
export function sleep(
  timers: Timers,
  ms: number,
  signal?: AbortSignal,
): { done: Promise<void>; wake(): void } {
  let wake = (): void => {};
  const done = new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const finish = (): void => {
      timers.clearTimeout(handle);
      signal?.removeEventListener("abort", finish);
      resolve();
    };
    const handle = timers.setTimeout(finish, ms);
    signal?.addEventListener("abort", finish);
    wake = finish;
  });
  return { done, wake: () => wake() };
}
