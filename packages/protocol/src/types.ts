/** An event to write on an SSE stream. Fields left `undefined` are not written. */
export interface SseEvent {
  /** Event type (`event:` field); must not contain CR or LF. */
  type?: string;
  /** Payload; CR, LF and CRLF split it into several `data:` lines. */
  data?: string;
  /** Event id (`id:` field); must not contain CR, LF or NUL. `""` is written and resets the client's id. */
  id?: string;
  /** Reconnection time in milliseconds (`retry:` field); a non-negative integer. */
  retry?: number;
}

/** An update published to the hub (Mercure). */
export interface Update {
  /** Topics of the update: the first is canonical, the others are alternates. Never empty. */
  topics: string[];
  data: string;
  id: string;
  type?: string;
  /** Reconnection time in milliseconds. */
  retry?: number;
  /** Delivered only to subscribers authorized for one of its topics. */
  private: boolean;
  /** Kept as the topic's latest value and sent to new subscribers. */
  retain: boolean;
}

/** An event as a browser's `EventSource` would give it to a `MessageEvent`. */
export interface ParsedEvent {
  /** Event type; `"message"` when the stream names none. */
  type: string;
  data: string;
  /** The last event id string at dispatch time (persists across events). */
  lastEventId: string;
}
