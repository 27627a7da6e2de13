import { backoffDelay, DEFAULT_BACKOFF } from "./backoff.ts";
import type { CloseReason } from "./codes.ts";
import { connect } from "./connection.ts";
import { ClientError } from "./errors.ts";
import { Listeners } from "./listeners.ts";
import { hasSelector, requestHeaders, type SubscribeOptions, subscribeUrl } from "./options.ts";
import { StateMachine, type SubscriptionState } from "./state.ts";
import { readStream } from "./stream-reader.ts";
import { realTimers, sleep, type Timers } from "./timers.ts";
import { resolveToken } from "./token.ts";
import { type ClientUpdate, type EventMap, type GapInfo, toUpdate } from "./update.ts";
import { UpdateQueue } from "./update-queue.ts";

/** Passed to `open` listeners. */
export interface OpenInfo {
  /** The hub URL this connection reached (one of the list given to `subscribe`). */
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
export class Subscription<Events extends EventMap = EventMap> implements AsyncIterable<ClientUpdate<Events>> {
  readonly #urls: string[];
  readonly #options: SubscribeOptions<Events>;
  readonly #timers: Timers;
  readonly #listeners = new Listeners<SubscriptionEvents<Events>>();
  readonly #machine = new StateMachine((state, previous) => this.#listeners.emit("state", state, previous));
  readonly #iterators = new Set<UpdateQueue<ClientUpdate<Events>>>();
  readonly #stop = new AbortController();
  readonly #onAbort = (): void => this.#finish("aborted");
  #connection: AbortController | undefined;
  #lastEventId: string;
  #serverRetry: number | undefined;
  #closeReason: CloseReason | undefined;
  #error: ClientError | undefined;

  constructor(hubUrl: string | string[], options: SubscribeOptions<Events>) {
    const urls = Array.isArray(hubUrl) ? hubUrl : [hubUrl];
    if (urls.length === 0 || !hasSelector(options)) {
      throw new ClientError("invalid-options", "no hub URL or no topic", { fatal: true });
    }
    this.#urls = urls.map((url) => subscribeUrl(url, options));
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
    this.#lastEventId = options.lastEventId ?? "";
    if (options.signal?.aborted) {
      this.#finish("aborted");
      return;
    }
    options.signal?.addEventListener("abort", this.#onAbort);
    // Only a failing token function throws out of the loop, already as a fatal ClientError.
    this.#run().catch((error: ClientError) => this.#finish(error.code, error));
  }

  /** `connecting`, `open`, `reconnecting` or `closed`. */
  get state(): SubscriptionState {
    return this.#machine.state;
  }

  /** The id of the last update received (or the `lastEventId` option): where a reconnect resumes. */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /** Why the subscription closed (a {@link CloseReason}), undefined while it runs. */
  get closeReason(): CloseReason | undefined {
    return this.#closeReason;
  }

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof SubscriptionEvents<Events>>(event: K, fn: SubscriptionEvents<Events>[K]): () => void {
    return this.#listeners.on(event, fn);
  }

  /** Stops for good: aborts the fetch, clears every timer, ends the iterators normally. Idempotent. */
  close(): void {
    this.#finish("closed");
  }

  [Symbol.asyncIterator](): AsyncIterator<ClientUpdate<Events>> {
    const queue = new UpdateQueue<ClientUpdate<Events>>(
      this.#options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK,
    );
    if (this.#closeReason === undefined) this.#iterators.add(queue);
    else queue.end(this.#error);
    return {
      next: () => queue.next(),
      return: async () => {
        this.close();
        return { value: undefined, done: true };
      },
    };
  }

  get #stopped(): boolean {
    return this.#closeReason !== undefined;
  }

  /**
   * The one reconnect loop (STYLE.md: one loop, one budget). A connect that fails moves on to the next
   * URL, at once while the round has URLs left; after a full round, or when an open stream drops, it
   * waits the backoff delay.
   */
  async #run(): Promise<void> {
    const backoff = { ...DEFAULT_BACKOFF, ...this.#options.backoff };
    const random = this.#options.random ?? Math.random;
    let attempt = 0;
    let failedInRound = 0;
    let urlIndex = 0;
    let authRetried = false;
    while (!this.#stopped) {
      const url = this.#urls[urlIndex] as string;
      const token = await resolveToken(this.#options.token);
      if (this.#stopped) return;
      const connection = new AbortController();
      this.#connection = connection;
      const lastEventId = this.#lastEventId;
      const outcome = await connect({
        url,
        headers: requestHeaders(this.#options.headers, token, lastEventId),
        credentials: this.#options.credentials,
        signal: connection.signal,
        fetch: this.#options.fetch ?? globalThis.fetch,
        now: this.#timers.now(),
      });
      if (this.#stopped) return;
      if (outcome.kind === "no-content") return this.#finish("no-content");
      let error: ClientError;
      let retryAfter = 0;
      let opened = false;
      if (outcome.kind === "failed") {
        if (outcome.auth === true && typeof this.#options.token === "function" && !authRetried) {
          authRetried = true;
          continue;
        }
        if (outcome.error.fatal) return this.#finish(outcome.error.code, outcome.error);
        ({ error } = outcome);
        retryAfter = outcome.retryAfter ?? 0;
      } else {
        opened = true;
        authRetried = false;
        failedInRound = 0;
        this.#machine.to("open");
        this.#listeners.emit("open", { url, lastEventId });
        const end = await this.#read(outcome.body, url, connection);
        connection.abort();
        if (this.#stopped) return;
        this.#lastEventId = end.lastEventId;
        if (end.healthy) attempt = 0;
        ({ error } = end);
      }
      this.#listeners.emit("error", error);
      this.#machine.to("reconnecting");
      if (!opened) {
        failedInRound += 1;
        urlIndex = (urlIndex + 1) % this.#urls.length;
      }
      const roundLeft = !opened && failedInRound % this.#urls.length !== 0;
      const delay = roundLeft
        ? 0
        : Math.max(retryAfter, backoffDelay(attempt++, backoff, this.#serverRetry, random));
      await this.#wait(delay);
    }
  }

  #read(body: ReadableStream<Uint8Array>, url: string, connection: AbortController) {
    const { json = false, schemas } = this.#options;
    return readStream(body, {
      url,
      lastEventId: this.#lastEventId,
      maxBufferSize: this.#options.maxBufferSize,
      heartbeatTimeout: this.#options.heartbeatTimeout,
      timers: this.#timers,
      signal: connection.signal,
      abort: () => connection.abort(),
      stopped: () => this.#stopped,
      onRetry: (ms) => {
        this.#serverRetry = ms;
      },
      onUpdate: async (event, phase) => {
        this.#lastEventId = event.lastEventId;
        const update = await toUpdate(event, phase, json, schemas);
        if (this.#stopped) return;
        if (update instanceof ClientError) return this.#listeners.emit("error", update);
        const typed = update as ClientUpdate<Events>;
        this.#listeners.emit("update", typed);
        for (const queue of this.#iterators) queue.push(typed);
      },
      onGap: (gap) => this.#listeners.emit("gap", gap),
      onError: (error) => this.#listeners.emit("error", error),
      room: () => [...this.#iterators].find((queue) => queue.full)?.room(),
    });
  }

  /** Waits out a backoff delay; in a browser, coming back `online` cuts it short. */
  async #wait(ms: number): Promise<void> {
    if (ms <= 0 || this.#stopped) return;
    const nap = sleep(this.#timers, ms, this.#stop.signal);
    const target = globalThis as {
      addEventListener?: (type: string, fn: () => void) => void;
      removeEventListener?: (type: string, fn: () => void) => void;
    };
    const online = (): void => nap.wake();
    target.addEventListener?.("online", online);
    await nap.done;
    target.removeEventListener?.("online", online);
  }

  #finish(reason: CloseReason, error?: ClientError): void {
    if (this.#closeReason !== undefined) return;
    this.#closeReason = reason;
    this.#error = error;
    this.#stop.abort();
    this.#connection?.abort();
    this.#options.signal?.removeEventListener("abort", this.#onAbort);
    if (error !== undefined) this.#listeners.emit("error", error);
    // The caller stopping (close, abort) drops what is buffered; the hub stopping (204, fatal) delivers it first.
    const discard = reason === "closed" || reason === "aborted";
    for (const queue of this.#iterators) queue.end(error, discard);
    this.#iterators.clear();
    this.#machine.to("closed");
    this.#listeners.clear();
  }
}
