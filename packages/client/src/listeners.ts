/** A small typed event emitter: `on` returns its own unsubscribe function. */
export class Listeners<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  readonly #byEvent = new Map<keyof Events, Set<Events[keyof Events]>>();

  on<K extends keyof Events>(event: K, fn: Events[K]): () => void {
    let set = this.#byEvent.get(event);
    if (set === undefined) {
      set = new Set();
      this.#byEvent.set(event, set);
    }
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  /**
   * Calls every listener of `event`. A listener that throws does not stop the others nor the stream; its
   * error is rethrown from a microtask, so the platform reports it as uncaught (browsers: `error` event;
   * Node: `uncaughtException`, as a throwing EventEmitter listener would).
   */
  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    const set = this.#byEvent.get(event);
    if (set === undefined) return;
    for (const fn of [...set]) {
      try {
        (fn as (...a: Parameters<Events[K]>) => void)(...args);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  clear(): void {
    this.#byEvent.clear();
  }
}
