import { createParser, type ParsedEvent } from "@ssehub/protocol";
import { ClientError } from "./errors.ts";
import type { Timers } from "./timers.ts";
import { GAP_EVENT, type GapInfo, type Phase, parseControl, READY_EVENT } from "./update.ts";
import { Watchdog } from "./watchdog.ts";

/** What reading one open stream needs from the subscription. */
export interface StreamContext {
  url: string;
  /** Resume point of this connection (also the decoder's initial last event id). */
  lastEventId: string;
  maxBufferSize: number | undefined;
  /** The caller's watchdog setting (ms); undefined = derive from the hub's announcement. */
  heartbeatTimeout: number | undefined;
  timers: Timers;
  /** This connection's abort signal (its fetch, and the close of the whole subscription). */
  signal: AbortSignal;
  /** Aborts this connection's fetch (the watchdog uses it). */
  abort(): void;
  stopped(): boolean;
  onRetry(ms: number): void;
  onUpdate(event: ParsedEvent, phase: Phase): Promise<void>;
  onGap(gap: GapInfo): void;
  onError(error: ClientError): void;
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
const SSEHUB_HELLO = /^ssehub(?:\s|$)/;
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
  const { url } = context;
  const reader = body.getReader();
  let timedOut = false;
  const watchdog = new Watchdog(context.timers, () => {
    timedOut = true;
    context.abort();
  });
  watchdog.set(context.heartbeatTimeout ?? 0);
  // Stop the countdown the moment the connection is aborted, not a few ticks later when the read rejects.
  const stopWatchdog = (): void => watchdog.stop();
  context.signal.addEventListener("abort", stopWatchdog);
  const resumed = context.lastEventId !== "";
  let greeted = false;
  let phase: Phase;
  const events: ParsedEvent[] = [];
  const parser = createParser({
    lastEventId: context.lastEventId,
    maxBufferSize: context.maxBufferSize,
    onEvent: (event) => {
      greeted = true;
      events.push(event);
    },
    onRetry: (ms) => context.onRetry(ms),
    onComment: (text) => {
      if (greeted) return;
      greeted = true;
      const hello = text.trimStart();
      if (!SSEHUB_HELLO.test(hello)) return;
      phase = resumed ? "replayed" : "retained";
      const heartbeat = Number(HEARTBEAT.exec(hello)?.[1] ?? 0);
      if (context.heartbeatTimeout === undefined && heartbeat > 0) watchdog.set(3 * heartbeat);
    },
    onError: (cause) => context.onError(new ClientError("protocol-error", cause.message, { url, cause })),
  });
  let healthy = false;
  const pump = async (): Promise<ClientError> => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return new ClientError("stream-ended", "stream ended", { url });
        healthy = true;
        watchdog.kick();
        parser.feed(value);
        for (const event of events.splice(0)) {
          if (context.stopped()) break;
          if (event.type === READY_EVENT) {
            if (phase !== undefined) phase = "live";
          } else if (event.type === GAP_EVENT) {
            context.onGap(parseControl(event.data, { lastEventId: context.lastEventId, earliest: "" }));
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
      const code = timedOut ? "heartbeat-timeout" : "network";
      return new ClientError(code, timedOut ? "heartbeat timeout" : "connection lost", { url, cause });
    } finally {
      context.signal.removeEventListener("abort", stopWatchdog);
      watchdog.stop();
      reader.cancel().catch(() => {});
    }
  };
  const error = await pump();
  // An `id:` block without data moves the last event ID without dispatching anything (WHATWG "dispatch
  // the event", step 1), so no event carried it. Ask the parser: drop the unfinished event as the end of a
  // stream does, then a probe event reports the id a reconnect must send (the differential test's case).
  events.length = 0;
  parser.reset();
  parser.feed("data\n\n");
  return { error, healthy, lastEventId: events.pop()?.lastEventId ?? context.lastEventId };
}
