import type { ParsedEvent } from "@ssehub/protocol";
import { backoffDelay, DEFAULT_BACKOFF } from "./backoff.ts";
import type { CloseReason } from "./codes.ts";
import { connect, streamHeaders } from "./connection.ts";
import { ClientError, invalidOptions } from "./errors.ts";
import { createListeners } from "./listeners.ts";
import { type SubscribeOptions, selectorParams, subscribeUrl } from "./options.ts";
import { createStateMachine, type SubscriptionState } from "./state.ts";
import { readStream } from "./stream-reader.ts";
import { realTimers, sleep } from "./timers.ts";
import {
  type ClientUpdate,
  checkSchemas,
  type EventMap,
  type GapInfo,
  type Phase,
  toUpdate,
} from "./update.ts";
import { createUpdateQueue, type UpdateQueue } from "./update-queue.ts";
import { createWatchdog } from "./watchdog.ts";

/** Passed to `open` listeners. */
export interface OpenInfo {
  /** The URL this connection reached: one of those given to `subscribe`, or where its redirects led. */
  url: string;
  /** The `Last-Event-ID` this connection sent ("" for none). */
  lastEventId: string;
}

/** Listener signatures of {@link Subscription.on}. */
export interface SubscriptionEvents<Events extends EventMap = EventMap> {
  update: (update: ClientUpdate<Events>) => void;
  open: (info: OpenInfo) => void;
  /** Every problem: transient ones (`error.fatal === false`, the client reconnects) and the fatal one. */
  error: (error: ClientError) => void;
  gap: (gap: GapInfo) => void;
  state: (state: SubscriptionState, previous: SubscriptionState) => void;
}

const DEFAULT_HIGH_WATER_MARK = 64;

/**
 * A live subscription (see {@link subscribe}). Iterate it with `for await` (updates only; leaving the loop
 * closes the subscription; a fatal error is thrown), or attach listeners with `on`. Iterators and
 * listeners created in the same tick as `subscribe()` see every update.
 */
export interface Subscription<Events extends EventMap = EventMap>
  extends AsyncIterable<ClientUpdate<Events>> {
  /** `connecting`, `open`, `reconnecting` or `closed`. */
  readonly state: SubscriptionState;
  /** The id of the last update received (or the `lastEventId` option): where a reconnect resumes. */
  readonly lastEventId: string;
  /** Why the subscription closed (a {@link CloseReason}), undefined while it runs. */
  readonly closeReason: CloseReason | undefined;
  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof SubscriptionEvents<Events>>(event: K, fn: SubscriptionEvents<Events>[K]): () => void;
  /** Stops for good: aborts the fetch, clears every timer, ends the iterators normally. Idempotent. */
  close(): void;
}

/**
 * Subscribes to a hub (`…/.well-known/mercure`), or to the first of several that answers (failover).
 * Streams over `fetch`, reconnects with full-jitter backoff and `Last-Event-ID`, and ends on `close()`,
 * `signal`, a 204, or a fatal error (401/403 after one token refresh, other 4xx, wrong content type).
 * Throws a `ClientError` (`invalid-options`) at once when no URL or no selector is given, a header or the
 * `lastEventId` cannot be sent, or a `schemas` entry is not a Standard Schema. The subscription's state
 * lives in this function's closure.
 *
 * @example
 * for await (const update of subscribe(hub, { topics: ["urn:example:chat"] })) console.log(update.data);
 */
export function subscribe<Events extends EventMap = EventMap>(
  hubUrl: string | string[],
  options: SubscribeOptions<Events>,
): Subscription<Events> {
  const hubUrls = [hubUrl].flat();
  const selectors = selectorParams(options);
  // A Mercure hub answers 400 to a subscription without a selector.
  if (hubUrls.length === 0 || selectors.toString() === "") {
    throw invalidOptions("no hub URL or no topic");
  }
  // Options that could only fail later, deep in a reconnect, fail here with their code (issue 13).
  streamHeaders(options.headers, options.lastEventId ?? "");
  checkSchemas(options.schemas);
  let urls: string[];
  try {
    urls = hubUrls.map((url) => subscribeUrl(url, selectors));
  } catch (cause) {
    throw invalidOptions("invalid hub URL", cause);
  }
  const timers = options.timers ?? realTimers;
  const listeners = createListeners<SubscriptionEvents<Events>>();
  const machine = createStateMachine((state, previous) => listeners.emit("state", state, previous));
  const iterators = new Set<UpdateQueue<ClientUpdate<Events>>>();
  const stop = new AbortController();
  const onAbort = (): void => finish("aborted");
  let connection: AbortController | undefined;
  let lastEventId = options.lastEventId ?? "";
  let serverRetry: number | undefined;
  let closeReason: CloseReason | undefined;
  let fatalError: ClientError | undefined;
  const stopped = (): boolean => closeReason !== undefined;

  /**
   * The one reconnect loop (STYLE.md: one loop, one budget). A connect that fails moves on to the next
   * URL, at once while the round has URLs left; after a full round, or when an open stream drops, it
   * waits the backoff delay.
   */
  async function run(): Promise<void> {
    const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    const random = options.random ?? Math.random;
    let attempt = 0;
    let failedInRound = 0;
    let urlIndex = 0;
    let authRetried = false;
    while (!stopped()) {
      const url = urls[urlIndex] as string;
      const current = new AbortController();
      connection = current;
      const resumeId = lastEventId;
      let error: ClientError;
      let opened = false;
      try {
        // One watchdog per connection, armed from the request on: a hub (or proxy) that never answers is as
        // silent as a stream that stops, and is dropped the same way.
        const watchdog = createWatchdog(timers, () => current.abort());
        watchdog.set(options.heartbeatTimeout ?? 0);
        // Stopped the moment the connection is aborted (close, abort), not a few ticks later when fetch or read
        // rejects. The listener goes with this connection's controller.
        current.signal.addEventListener("abort", watchdog.stop);
        const response = await connect(url, options, resumeId, current.signal, timers.now()).finally(
          watchdog.stop,
        );
        if (stopped()) return;
        if (response === undefined) return finish("no-content");
        // After a redirect, reconnects go straight to where it led, but only within the origin that the caller
        // chose: a redirect to another origin is followed anew each time.
        const { url: final } = response;
        if (final && new URL(final).origin === new URL(url).origin) urls[urlIndex] = final;
        opened = true;
        authRetried = false;
        failedInRound = 0;
        machine.to("open");
        listeners.emit("open", { url: final || url, lastEventId: resumeId });
        const end = await readStream(response.body as ReadableStream<Uint8Array>, {
          url,
          lastEventId: resumeId,
          options,
          watchdog,
          connection: current,
          stopped,
          onRetry: (ms) => {
            serverRetry = ms;
          },
          onId: (id) => {
            lastEventId = id;
          },
          onUpdate: deliver,
          emit: listeners.emit,
          room: () => [...iterators].find((queue) => queue.full)?.room(),
        });
        current.abort();
        if (stopped()) return;
        lastEventId = end.lastEventId;
        if (end.healthy) attempt = 0;
        ({ error } = end);
      } catch (caught) {
        if (stopped()) return;
        error = caught as ClientError;
        // A 401/403 may be an expired token: a token function gets one more try at once.
        const { status } = error;
        if ((status === 401 || status === 403) && typeof options.token === "function" && !authRetried) {
          authRetried = true;
          continue;
        }
        // Fatal ClientErrors end the subscription, and so does anything unexpected (not a ClientError).
        if (error.fatal !== false) return finish(error.code, error);
      }
      listeners.emit("error", error);
      machine.to("reconnecting");
      if (!opened) {
        failedInRound += 1;
        urlIndex = (urlIndex + 1) % urls.length;
      }
      const roundLeft = !opened && failedInRound % urls.length !== 0;
      const delay = roundLeft
        ? 0
        : Math.max(error.retryAfter ?? 0, backoffDelay(attempt++, backoff, serverRetry, random));
      await wait(delay);
    }
  }

  /** Hands a decoded event to the listeners and iterators, or reports why its data is not what was promised. */
  async function deliver(event: ParsedEvent, phase: Phase): Promise<void> {
    const update = await toUpdate(event, phase, options);
    if (stopped()) return;
    if (update instanceof ClientError) return listeners.emit("error", update);
    const typed = update as ClientUpdate<Events>;
    listeners.emit("update", typed);
    for (const queue of iterators) queue.push(typed);
  }

  /** Waits out a backoff delay; in a browser, coming back `online` cuts it short. */
  async function wait(ms: number): Promise<void> {
    if (ms <= 0 || stopped()) return;
    const nap = sleep(timers, ms, stop.signal);
    const target = globalThis as {
      addEventListener?: (type: string, fn: () => void) => void;
      removeEventListener?: (type: string, fn: () => void) => void;
    };
    target.addEventListener?.("online", nap.wake);
    await nap.done;
    target.removeEventListener?.("online", nap.wake);
  }

  function finish(reason: CloseReason, error?: ClientError): void {
    if (stopped()) return;
    closeReason = reason;
    fatalError = error;
    stop.abort();
    connection?.abort();
    options.signal?.removeEventListener("abort", onAbort);
    if (error !== undefined) listeners.emit("error", error);
    // The caller stopping (close, abort) drops what is buffered; the hub stopping (204, fatal) delivers it first.
    const discard = reason === "closed" || reason === "aborted";
    for (const queue of iterators) queue.end(error, discard);
    iterators.clear();
    machine.to("closed");
    listeners.clear();
  }

  const subscription: Subscription<Events> = {
    get state() {
      return machine.state;
    },
    get lastEventId() {
      return lastEventId;
    },
    get closeReason() {
      return closeReason;
    },
    on: (event, fn) => listeners.on(event, fn),
    close: () => finish("closed"),
    [Symbol.asyncIterator]() {
      const queue = createUpdateQueue<ClientUpdate<Events>>(options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK);
      if (stopped()) queue.end(fatalError);
      else iterators.add(queue);
      return {
        next: () => queue.next(),
        return: async () => {
          finish("closed");
          return { value: undefined, done: true };
        },
      };
    },
  };
  if (options.signal?.aborted) {
    finish("aborted");
  } else {
    options.signal?.addEventListener("abort", onAbort);
    // run() never rejects: every failure inside it ends in finish() or a reconnect.
    void run();
  }
  return subscription;
}
