const INTERVAL_MS = 500;

/**
 * Event-loop delay by timer drift (web timers only, so it runs on any runtime): how late the last tick
 * fired past its due time. The timer is unref'd so it never keeps a process alive; {@link stop} ends it.
 */
export class LoopDelaySampler {
  #seconds = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    if (this.#timer !== undefined) return;
    let due = performance.now() + INTERVAL_MS;
    this.#timer = setInterval(() => {
      const now = performance.now();
      this.#seconds = Math.max(0, now - due) / 1000;
      due = now + INTERVAL_MS;
    }, INTERVAL_MS);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** The delay of the last tick, in seconds. */
  get seconds(): number {
    return this.#seconds;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
