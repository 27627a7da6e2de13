/** A small typed event emitter: `on` returns its own unsubscribe function. */
export interface Listeners<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  on<K extends keyof Events>(event: K, fn: Events[K]): () => void;
  /**
   * Calls every listener of `event`. A listener that throws does not stop the others nor the stream; its
   * error is rethrown from a microtask, so the platform reports it as uncaught (browsers: `error` event;
   * Node: `uncaughtException`, as a throwing EventEmitter listener would).
   */
  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void;
  clear(): void;
}

export function createListeners<
  Events extends { [K in keyof Events]: (...args: never[]) => void },
>(): Listeners<Events> {
  const byEvent = new Map<keyof Events, Set<Events[keyof Events]>>();
  return {
    on(event, fn) {
      const set = byEvent.get(event) ?? new Set();
      byEvent.set(event, set.add(fn));
      return () => set.delete(fn);
    },
    emit(event, ...args) {
      for (const fn of [...(byEvent.get(event) ?? [])]) {
        try {
          (fn as (...a: typeof args) => void)(...args);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
    clear() {
      byEvent.clear();
    },
  };
}
