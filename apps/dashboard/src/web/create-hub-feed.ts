import { createSubscription } from "@ssehub/client/solid";
import { type Accessor, createSignal, onCleanup } from "solid-js";
import {
  COUNTER_TOPIC,
  COUNTER_TYPE,
  type CounterPayload,
  STATS_TOPIC,
  STATS_TYPE,
  type StatsPayload,
} from "../shared/feed.ts";

export type ConnectionState = "connecting" | "open" | "reconnecting" | "closed";

export interface HubFeed {
  /** The shared counter's value; `undefined` until the hub sends it (its retained update comes first). */
  counter: Accessor<number | undefined>;
  /** The latest hub figures; `undefined` until the first stats update. */
  stats: Accessor<StatsPayload | undefined>;
  state: Accessor<ConnectionState>;
  /** Why the connection last failed or closed, as the client reports it. */
  reason: Accessor<string | undefined>;
}

/**
 * The page's one SSE connection: a single subscription to both the counter and the stats topic (browsers
 * allow about six HTTP/1.1 connections per origin), told apart by event type. Closed with its owner.
 */
export function createHubFeed(): HubFeed {
  const hubUrl = new URL("/.well-known/mercure", window.location.href).href;
  const feed = createSubscription(hubUrl, {
    topics: [COUNTER_TOPIC, STATS_TOPIC],
    // The store of updates is not used (the listener below keeps what matters), so keep only the latest.
    keep: 1,
    // A local dashboard should come back within seconds of its server (the client's default cap is 30 s).
    backoff: { min: 500, max: 5000, factor: 2 },
  });
  const [counter, setCounter] = createSignal<number>();
  const [stats, setStats] = createSignal<StatsPayload>();

  // A listener, not the `latest` signal: the retained counter and stats updates can arrive in one chunk, and
  // every one of them must be seen.
  const stopListening = feed.subscription.on("update", (update) => {
    if (update.type === COUNTER_TYPE) {
      const payload = parseJson<CounterPayload>(update.data);
      if (typeof payload?.value === "number") setCounter(payload.value);
    } else if (update.type === STATS_TYPE) {
      const payload = parseJson<StatsPayload>(update.data);
      if (payload !== undefined) setStats(payload);
    }
  });
  onCleanup(stopListening);

  // The documented code first (what to look up), then the client's words.
  const reason = (): string | undefined => {
    const error = feed.error();
    return error === undefined ? undefined : `${error.code}: ${error.message}`;
  };

  return { counter, stats, state: feed.state, reason };
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
