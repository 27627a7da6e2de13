import type { Timers } from "../../src/index.ts";

/** Real timers that record each requested delay, count what is pending, and may shrink waits by `scale`. */
export interface RecordingTimers extends Timers {
  readonly delays: number[];
  readonly pending: number;
}

export function recordingTimers(scale = 1): RecordingTimers {
  const pending = new Set<unknown>();
  const delays: number[] = [];
  return {
    delays,
    get pending() {
      return pending.size;
    },
    setTimeout(callback, ms) {
      delays.push(ms);
      const handle = setTimeout(() => {
        pending.delete(handle);
        callback();
      }, ms * scale);
      pending.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle);
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
    now: () => Date.now(),
  };
}
