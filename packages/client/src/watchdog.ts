import type { Timers } from "./timers.ts";

/**
 * Fires `onTimeout` when `kick()` has not been called for `timeout` ms. Paused while the client itself
 * stops reading (backpressure), since silence is then expected. A timeout of 0 disables it.
 */
export class Watchdog {
  readonly #timers: Timers;
  readonly #onTimeout: () => void;
  #timeout = 0;
  #handle: unknown;

  constructor(timers: Timers, onTimeout: () => void) {
    this.#timers = timers;
    this.#onTimeout = onTimeout;
  }

  /** Sets the timeout (ms, 0 = off) and restarts the countdown. */
  set(timeout: number): void {
    this.#timeout = timeout;
    this.kick();
  }

  /** A byte arrived: restart the countdown. */
  kick(): void {
    this.stop();
    if (this.#timeout > 0) this.#handle = this.#timers.setTimeout(this.#onTimeout, this.#timeout);
  }

  stop(): void {
    if (this.#handle !== undefined) this.#timers.clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}
