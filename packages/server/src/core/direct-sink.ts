import type { SubscriberStream } from "./subscriber-stream.ts";

/**
 * A runtime's own writer for a subscriber body (the runtime fast path): `write` returns false when the
 * connection's buffer is full; the runtime then calls {@link SubscriberStream.resume} once it drained, and
 * {@link SubscriberStream.abort} when the client went away.
 */
export interface DirectSink {
  write(chunk: Uint8Array): boolean;
  /** Ends the response after what was written. */
  end(): void;
  /**
   * Calls `stream.flushDeferred()` soon, once for all the pushes made meanwhile (the runtime picks the moment,
   * e.g. after the current batch of I/O), so that updates dispatched together leave in one write.
   */
  defer(stream: SubscriberStream): void;
}

// Requests a runtime offered to write directly: null until the hub binds a subscriber to one.
const offers = new WeakMap<Request, SubscriberStream | null>();

/** Called by a runtime before handling `request`: it can write a subscriber response to the connection itself. */
export function offerDirect(request: Request): void {
  offers.set(request, null);
}

/**
 * Called by the hub for a subscribe request: true when the runtime offered to write it directly, in which
 * case `stream` is bound to the request and the response carries no body (no Web Stream is ever made).
 */
export function bindDirect(request: Request, stream: SubscriberStream): boolean {
  if (!offers.has(request)) return false;
  offers.set(request, stream);
  return true;
}

/** The subscriber bound to `request`, if any, for the runtime to {@link SubscriberStream.attach} a sink to. */
export function takeDirect(request: Request): SubscriberStream | undefined {
  const stream = offers.get(request);
  offers.delete(request);
  return stream ?? undefined;
}
