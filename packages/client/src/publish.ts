import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "./backoff.ts";
import { type ClientError, invalidOptions } from "./errors.ts";
import { requestHeaders, send } from "./request.ts";
import { realTimers, sleep, type Timers } from "./timers.ts";
import type { TokenSource } from "./token.ts";
import type { EventMap } from "./update.ts";

interface PublishFields {
  /** Topic(s); the first is canonical, the rest alternates. */
  topics: string | string[];
  /** Publisher-chosen id (keeps retries idempotent on an ssehub hub). Default: the hub assigns one. */
  id?: string;
  /** Reconnection time (ms) subscribers receive as `retry:`. */
  retry?: number;
  /** Deliver only to subscribers authorized for the topic. Default false. */
  private?: boolean;
  /** ssehub extension: keep as the topic's current state for fresh subscribers. Default false. */
  retain?: boolean;
}

/**
 * An update to publish. `data` that is not a string is sent as its JSON text. With a typed event map,
 * `type` picks the data type.
 */
export type PublishUpdate<Events extends EventMap = EventMap> = {
  [K in keyof Events & string]: PublishFields & { type?: K; data?: Events[K] | string };
}[keyof Events & string];

/** Options of {@link publish}. */
export interface PublishOptions {
  /** Publisher JWT, sent as `Authorization: Bearer …` (a function is called before each attempt). */
  token?: TokenSource;
  /** The fetch to use. Default: `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  /** Extra request headers. */
  headers?: HeadersInit;
  /**
   * Extra attempts after a network error, 429 or 500/502/503/504. Default 0. Allowed only with an `id`, which
   * makes a repeated publish harmless (the hub answers the same id without dispatching it again).
   */
  retries?: number;
  /** Delays between retries (ms). Default `{ min: 500, max: 30000, factor: 2 }`; `Retry-After` wins. */
  backoff?: BackoffOptions;
  timers?: Timers;
  random?: () => number;
}

/** The Mercure form body (MERCURE-PROTOCOL.md), with `retain` as the ssehub extension field. */
export function publishBody(update: PublishUpdate): URLSearchParams {
  const body = new URLSearchParams();
  for (const topic of [update.topics].flat()) body.append("topic", topic);
  const { data } = update;
  if (data !== undefined) body.set("data", typeof data === "string" ? data : JSON.stringify(data));
  for (const field of ["id", "type", "retry"] as const) {
    if (update[field] !== undefined) body.set(field, String(update[field]));
  }
  for (const flag of ["private", "retain"] as const) if (update[flag] === true) body.set(flag, "on");
  return body;
}

/**
 * Publishes one update with a form POST and resolves to its id. A non-200 answer rejects with a
 * `ClientError` carrying `status` and the hub's `reason`. Never re-sent unless `retries` and an `id`
 * are both given.
 */
export async function publish<Events extends EventMap = EventMap>(
  hubUrl: string,
  update: PublishUpdate<Events>,
  options: PublishOptions = {},
): Promise<string> {
  const retries = options.retries ?? 0;
  if (retries > 0 && update.id === undefined) {
    throw invalidOptions("retries need an id");
  }
  const timers = options.timers ?? realTimers;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const body = publishBody(update as PublishUpdate).toString();
  const signal = options.signal;
  let response: Response;
  for (let attempt = 0; ; attempt++) {
    try {
      const headers = requestHeaders(options.headers, (result) =>
        result.set("content-type", "application/x-www-form-urlencoded"),
      );
      response = await send(hubUrl, { method: "POST", headers, body, signal }, options, timers.now());
      break;
    } catch (caught) {
      // Only "try again later" answers and network errors are retried (their ClientError is not fatal).
      const error = caught as ClientError;
      if (error.fatal || attempt >= retries || signal?.aborted) throw error;
      const delay = backoffDelay(attempt, backoff, undefined, options.random ?? Math.random);
      await sleep(timers, Math.max(error.retryAfter ?? 0, delay), signal).done;
    }
  }
  return (await response.text()).trim();
}
