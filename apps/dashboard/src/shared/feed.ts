/**
 * What travels between the dashboard server and its page: topic names, event types and the JSON payloads.
 * The SSE wire carries no topic, so the page tells the two feeds apart by event type.
 */
import type { HubStats } from "@ssehub/server";

/** Topic of the shared counter: one retained, public update per change. */
export const COUNTER_TOPIC = "urn:ssehub:counter";
/** Topic of the hub figures, published once a second. */
export const STATS_TOPIC = "urn:ssehub:stats";
/** SSE event type of counter updates. */
export const COUNTER_TYPE = "counter";
/** SSE event type of stats updates. */
export const STATS_TYPE = "stats";

/** Data of a `counter` event. */
export interface CounterPayload {
  value: number;
}

/** The operations the counter routes accept (`POST /api/counter/<operation>`). */
export const COUNTER_OPERATIONS = ["increment", "decrement", "reset"] as const;
export type CounterOperation = (typeof COUNTER_OPERATIONS)[number];

/** One update seen by the hub, as the dashboard's log shows it. */
export interface RecentUpdate {
  id: string;
  topics: string[];
  type: string;
  /** Milliseconds since the epoch, when the server saw it dispatched. */
  at: number;
  /** The start of the data, for the log. */
  preview: string;
  /** Length of the data in UTF-16 code units. */
  size: number;
}

/** Data of a `stats` event: the hub's own figures plus rates and the recent updates. */
export interface StatsPayload extends HubStats {
  /** Milliseconds since the epoch when the figures were taken. */
  at: number;
  /** Updates dispatched per second over the last interval (the stats updates included). */
  updatesPerSecond: number;
  /** Deliveries to subscribers per second over the last interval. */
  deliveriesPerSecond: number;
  /** The most recent updates other than the stats feed itself, oldest first. */
  recent: RecentUpdate[];
}

/** Answer of `GET /api/config`: what the page may show. */
export interface PageConfig {
  publishForm: boolean;
}

/** Body of `POST /api/publish` (only with `--publish-form`). */
export interface PublishRequest {
  topic: string;
  data: string;
  type?: string;
  retain?: boolean;
}
