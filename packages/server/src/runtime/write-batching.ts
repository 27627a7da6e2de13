/** Requests in a row on one connection, none on another, before subscriber writes are made at once. */
export const LONE_RUN = 8;

/** When a turn's subscriber writes are made: after the current batch of I/O, or at the end of the callback. */
export type FlushMoment = "after-io" | "end-of-callback";

/**
 * Chooses when the Node fast path writes what a turn queued for its subscribers. Deferred to the end of the
 * batch of I/O, the updates of publishes that arrived together on several connections leave in one write per
 * subscriber (with 8 busy publisher connections a batch carries a few: ~15 µs of CPU saved per update joined).
 * But requests that all come on one connection (a lone publisher posting one update at a time) never share a
 * batch (pipelined ones are read in one callback, and join at its end), and the deferral only adds a call into
 * the event loop's check phase per publish (~3 µs). So writes are made at the end of the callback once the last
 * {@link LONE_RUN} requests came on one connection, and deferred again at the first request on another.
 *
 * Decided by where requests come from, not by how many writes joined lately: writing at once slows a busy
 * load's subscribers and publishers alike, which then arrive one per batch and would seem to join nothing.
 */
export class WriteBatching {
  // The last request's connection, held until a request comes on another: one closed socket at most.
  #connection: object | undefined;
  #run = 0;

  /** A request arrived on `connection` (any object that stands for it: its socket). */
  requestOn(connection: object): void {
    if (connection === this.#connection) {
      if (this.#run < LONE_RUN) this.#run++;
    } else {
      this.#connection = connection;
      this.#run = 1;
    }
  }

  /** When to flush the turn that begins now (its first queued write). */
  flushMoment(): FlushMoment {
    return this.#run >= LONE_RUN ? "end-of-callback" : "after-io";
  }
}
