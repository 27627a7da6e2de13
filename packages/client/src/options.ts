import type { BackoffOptions } from "./backoff.ts";
import type { Timers } from "./timers.ts";
import type { TokenSource } from "./token.ts";
import type { EventMap, SchemaMap } from "./update.ts";

/** Options of {@link subscribe}. Durations in milliseconds, sizes in bytes. */
export interface SubscribeOptions<Events extends EventMap = EventMap> {
  /** Draft-07 selectors (`topic=`): exact topics, RFC 6570 templates or `*`. */
  topics?: string | string[];
  /** Draft-08 exact selectors (`match=`), `*` for all. */
  match?: string | string[];
  /** Draft-08 WHATWG URL Pattern selectors (`match_urlpattern=`). */
  matchUrlPattern?: string | string[];
  /** Resume after this id on the first connect (sent as `Last-Event-ID`). Default: none. */
  lastEventId?: string;
  /** Sent as `Authorization: Bearer …`; a function is called before every connect. Default: none. */
  token?: TokenSource;
  /** Extra request headers. */
  headers?: HeadersInit;
  /** Fetch credentials mode (`"include"` sends cookies cross-origin). Default: the fetch default. */
  credentials?: RequestCredentials;
  /** Aborting it closes the subscription (close reason `"aborted"`). */
  signal?: AbortSignal;
  /** The fetch to use. Default: `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Reconnect delays. Default `{ min: 500, max: 30000, factor: 2 }` ms. */
  backoff?: BackoffOptions;
  /**
   * Reconnect when no byte arrives for this long (ms). Default: 3 × the heartbeat the hub announces in
   * its first comment (`: ssehub heartbeat=15000`), off when it announces none. 0 turns it off.
   */
  heartbeatTimeout?: number;
  /** Largest event the decoder buffers (bytes). Default: the protocol decoder's 8 MiB. */
  maxBufferSize?: number;
  /**
   * Updates an iterator may hold before the client stops reading the socket (pull-based backpressure).
   * Default 64.
   */
  highWaterMark?: number;
  /** Parse each update's data as JSON into `update.json`. Default false (true for types with a schema). */
  json?: boolean;
  /** Standard Schema per event type; data that fails it becomes an `invalid-data` error event. */
  schemas?: SchemaMap<Events>;
  /** Timers and clock (tests inject fakes). Default: the platform's. */
  timers?: Timers;
  /** Random source in [0, 1) for backoff jitter (tests inject a fixed one). Default `Math.random`. */
  random?: () => number;
}

/** The selector query parameters (MERCURE-PROTOCOL.md): one per topic, `match` and URL pattern, in that order. */
export function selectorParams(options: SubscribeOptions<EventMap>): URLSearchParams {
  const params = new URLSearchParams();
  const selectors = {
    topic: options.topics,
    match: options.match,
    match_urlpattern: options.matchUrlPattern,
  };
  for (const [name, values] of Object.entries(selectors)) {
    for (const value of [values ?? []].flat()) params.append(name, value);
  }
  return params;
}

/** The subscribe URL: the hub endpoint (resolved against the page in a browser) plus the selectors. */
export function subscribeUrl(hubUrl: string, selectors: URLSearchParams): string {
  const url = new URL(hubUrl, (globalThis as { location?: { href: string } }).location?.href);
  for (const [name, value] of selectors) url.searchParams.append(name, value);
  return url.href;
}
