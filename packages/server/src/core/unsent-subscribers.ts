import type { SubscriberStream } from "./subscriber-stream.ts";

// Subscriber bodies handed to a Response, by request, until the runtime entry point sends that response.
const handed = new WeakMap<Request, { output: SubscriberStream; body: ReadableStream<Uint8Array> }>();

/** Called by the hub with the body it put in a subscriber's response. */
export function noteSubscriberBody(
  request: Request,
  output: SubscriberStream,
  body: ReadableStream<Uint8Array>,
): void {
  handed.set(request, { output, body });
}

/**
 * Called by a runtime entry point with the response it is about to send (or null when the handler threw): when
 * a subscriber was registered for `request` but its body is not the one sent (a parent app's middleware replaced
 * the response, or failed after the hub answered), nothing will ever read or cancel it, so it is released now.
 */
export function releaseUnsent(request: Request, response: Response | null): void {
  const entry = handed.get(request);
  if (entry === undefined) return;
  handed.delete(request);
  if (response?.body !== entry.body) entry.output.close(false);
}
