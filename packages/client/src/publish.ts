import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "./backoff.ts";
import { ClientError, httpError } from "./errors.ts";
import { realTimers, sleep, type Timers } from "./timers.ts";
import { resolveToken, setBearer, type TokenSource } from "./token.ts";
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
   * Extra attempts after a network error, 429 or 502/503/504. Default 0. Allowed only with an `id`, which
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
  for (const topic of Array.isArray(update.topics) ? update.topics : [update.topics])
    body.append("topic", topic);
  if (update.data !== undefined)
    body.set("data", typeof update.data === "string" ? update.data : JSON.stringify(update.data));
  if (update.id !== undefined) body.set("id", update.id);
  if (update.type !== undefined) body.set("type", update.type);
  if (update.retry !== undefined) body.set("retry", String(update.retry));
  if (update.private === true) body.set("private", "on");
  if (update.retain === true) body.set("retain", "on");
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
    throw new ClientError("invalid-options", "retries need an id", { fatal: true });
  }
  const timers = options.timers ?? realTimers;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const body = publishBody(update as PublishUpdate).toString();
  for (let attempt = 0; ; attempt++) {
    const result = await attemptPublish(hubUrl, body, options, timers.now());
    if (typeof result === "string") return result;
    // Only "try again later" answers and network errors are retried (their ClientError is not fatal).
    if (result.error.fatal || attempt >= retries || options.signal?.aborted) throw result.error;
    const delay = Math.max(
      result.retryAfter ?? 0,
      backoffDelay(attempt, backoff, undefined, options.random ?? Math.random),
    );
    await sleep(timers, delay, options.signal ?? new AbortController().signal).done;
  }
}

type Failure = { error: ClientError; retryAfter?: number | undefined };

async function attemptPublish(
  url: string,
  body: string,
  options: PublishOptions,
  now: number,
): Promise<string | Failure> {
  const headers = new Headers(options.headers);
  headers.set("content-type", "application/x-www-form-urlencoded");
  setBearer(headers, await resolveToken(options.token));
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, {
      method: "POST",
      headers,
      body,
      signal: options.signal,
    });
  } catch (cause) {
    return { error: new ClientError("network", `cannot reach ${url}`, { url, cause }) };
  }
  if (response.status === 200) return (await response.text()).trim();
  return httpError(response, url, now);
}
