import { createTextParser, type ParsedEvent } from "@ssehub/protocol";
import { ClientError } from "./errors.ts";
import type { Listeners } from "./listeners.ts";
import type { SubscribeOptions } from "./options.ts";
import type { SubscriptionEvents } from "./subscription.ts";
import { GAP_EVENT, type Phase, parseControl, READY_EVENT } from "./update.ts";
import type { Watchdog } from "./watchdog.ts";

/** What reading one open stream needs from the subscription. */
export interface StreamContext {
  url: string;
  /** Resume point of this connection (also the decoder's initial last event id). */
  lastEventId: string;
  /** `heartbeatTimeout` undefined: derive the watchdog's from the hub's announcement. */
  options: Pick<SubscribeOptions, "maxBufferSize" | "heartbeatTimeout">;
  /**
   * This connection's watchdog, set when the request went out: it aborts `connection`, and stops when
   * `connection` is aborted (by the watchdog, by close(), or by the caller once this stream has ended).
   */
  watchdog: Watchdog;
  /** This connection's fetch, aborted by the watchdog and by the close of the whole subscription. */
  connection: AbortController;
  stopped(): boolean;
  onRetry(ms: number): void;
  /** Every event's last event id, control events included (`ssehub-ready` carries the hub's resume position). */
  onId(id: string): void;
  onUpdate(event: ParsedEvent, phase: Phase): Promise<void>;
  /** Reports a gap (`ssehub-gap`) or a decoding error to the subscription's listeners. */
  emit: Listeners<Pick<SubscriptionEvents, "gap" | "error">>["emit"];
  /** A promise while an iterator is full (pull-based backpressure), else undefined. */
  room(): Promise<void> | undefined;
}

/** How a stream ended: the reason to report, whether it was healthy (bytes arrived), the resume id. */
export interface StreamEnd {
  error: ClientError;
  healthy: boolean;
  lastEventId: string;
}

/** `: ssehub heartbeat=15000` (DESIGN.md "Defaults"): the first comment of an ssehub hub. */
const SSEHUB_HELLO = /^\s*ssehub(?:\s|$)/;
const HEARTBEAT = /\bheartbeat=(\d+)/;

/**
 * Reads one open event stream to its end: decodes it with the protocol's parser, tracks the ssehub
 * prelude (`ssehub-ready`, `ssehub-gap`), runs the heartbeat watchdog, and stops pulling bytes while the
 * consumers are full. Resolves (never rejects) with why it ended; the caller decides about reconnecting.
 */
export async function readStream(
  body: ReadableStream<Uint8Array>,
  context: StreamContext,
): Promise<StreamEnd> {
  const { url, options, connection, watchdog } = context;
  const reader = body.getReader();
  // The response head was bytes too: the countdown starts again from the open.
  watchdog.kick();
  const resumed = context.lastEventId !== "";
  let greeted = false;
  let phase: Phase;
  const events: ParsedEvent[] = [];
  // The platform's streaming decoder (U+FFFD for invalid bytes, characters split across chunks rejoined)
  // keeps the bundle free of the protocol's own UTF-8 decoder. The parser strips the BOM, so this must not.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const parser = createTextParser({
    lastEventId: context.lastEventId,
    maxBufferSize: options.maxBufferSize,
    onEvent: (event) => {
      greeted = true;
      events.push(event);
    },
    onRetry: context.onRetry,
    onComment: (text) => {
      if (greeted) return;
      greeted = true;
      if (!SSEHUB_HELLO.test(text)) return;
      phase = resumed ? "replayed" : "retained";
      const heartbeat = Number(HEARTBEAT.exec(text)?.[1] ?? 0);
      if (options.heartbeatTimeout === undefined && heartbeat > 0) watchdog.set(3 * heartbeat);
    },
    onError: (cause) =>
      context.emit("error", new ClientError("protocol-error", cause.message, { url, cause })),
  });
  let healthy = false;
  let error: ClientError;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        error = new ClientError("stream-ended", "stream ended", { url });
        break;
      }
      healthy = true;
      watchdog.kick();
      parser.feed(decoder.decode(value, { stream: true }));
      for (const event of events.splice(0)) {
        if (context.stopped()) break;
        context.onId(event.lastEventId);
        if (event.type === READY_EVENT) {
          if (phase !== undefined) phase = "live";
        } else if (event.type === GAP_EVENT) {
          context.emit("gap", parseControl(event.data, { lastEventId: context.lastEventId, earliest: "" }));
          // The hub goes on as for a fresh subscriber: retained state, then ready (DESIGN.md).
          if (phase !== undefined) phase = "retained";
        } else await context.onUpdate(event, phase);
      }
      for (let room = context.room(); room !== undefined; room = context.room()) {
        watchdog.stop();
        await room;
        watchdog.kick();
      }
    }
  } catch (cause) {
    // Only the watchdog and the close of the subscription abort the connection, and a closed one is not reported.
    error = connection.signal.aborted
      ? new ClientError("heartbeat-timeout", "heartbeat timeout", { url, cause })
      : new ClientError("network", "connection lost", { url, cause });
  } finally {
    reader.cancel().catch(() => {});
    // A close() during a wait for room has already fired the abort that stops it, before the kick after the wait.
    watchdog.stop();
  }
  // An `id:` block without data moves the last event ID without dispatching anything (WHATWG "dispatch
  // the event", step 1), so no event carried it. Ask the parser: drop the unfinished event as the end of a
  // stream does, then a probe event reports the id a reconnect must send (the differential test's case).
  events.length = 0;
  parser.reset();
  parser.feed("data\n\n");
  return { error, healthy, lastEventId: events.pop()?.lastEventId ?? context.lastEventId };
}
