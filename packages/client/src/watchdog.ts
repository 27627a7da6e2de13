import type { Timers } from "./timers.ts";

/**
 * Fires `onTimeout` when `kick()` has not been called for the set timeout. Paused (`stop()`) while the
 * client itself stops reading (backpressure), since silence is then expected.
 */
export interface Watchdog {
  /** Sets the timeout (ms, 0 = off) and restarts the countdown. */
  set(timeout: number): void;
  /** A byte arrived: restart the countdown. */
  kick(): void;
  /** Stops the countdown until the next `kick()`. */
  stop(): void;
}

export function createWatchdog(timers: Timers, onTimeout: () => void): Watchdog {
  let timeout = 0;
  let handle: unknown;
  const stop = (): void => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
  };
  const kick = (): void => {
    stop();
    if (timeout > 0) handle = timers.setTimeout(onTimeout, timeout);
  };
  return {
    set(ms) {
      timeout = ms;
      kick();
    },
    kick,
    stop,
  };
}
