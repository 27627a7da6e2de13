// The modules of this package write the literal values (type-checked against these unions), so that an
// application bundle carries the constant objects only when it imports them (issue 4: under 5 KB).

/**
 * Reason codes carried by every {@link ClientError} (`error.code`) and by a closed subscription
 * (`subscription.closeReason`). Compare against these constants, never against message text.
 */
export const ErrorCode = {
  /** The request failed or the body broke off (DNS, refused, reset). Retried with backoff. */
  Network: "network",
  /** The stream ended cleanly (the hub closed it, e.g. on shutdown). Retried with backoff. */
  StreamEnded: "stream-ended",
  /** 429, 502, 503 or 504: the hub is busy or restarting. Retried, honouring `Retry-After`. */
  Unavailable: "unavailable",
  /** No byte arrived within `heartbeatTimeout`. The connection is dropped and retried. */
  HeartbeatTimeout: "heartbeat-timeout",
  /** The decoder rejected part of the stream (e.g. a line above `maxBufferSize`). Reported; reading goes on. */
  ProtocolError: "protocol-error",
  /** An update's data is not JSON or fails its schema. Reported; the update is skipped, the stream goes on. */
  InvalidData: "invalid-data",
  /** 401 (after one token refresh). Fatal. */
  Unauthorized: "unauthorized",
  /** 403 (after one token refresh). Fatal. */
  Forbidden: "forbidden",
  /** Any other status that is neither 200 nor retryable (404, 400, 500…). Fatal; `error.status` has it. */
  HttpStatus: "http-status",
  /** A 200 whose Content-Type is not `text/event-stream`. Fatal. */
  ContentType: "content-type",
  /** Arguments that cannot work (no topic, retries without an id…). Thrown at once. */
  InvalidOptions: "invalid-options",
  /** `discover()` found no `Link: <…>; rel="mercure"` header. */
  NotDiscovered: "not-discovered",
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Why a subscription ended (`subscription.closeReason`): `"closed"` for `close()` (or breaking out of the
 * iterator), `"aborted"` for the caller's `signal`, `"no-content"` for a 204 from the hub (the SSE way of
 * saying "stop"), otherwise the fatal {@link ErrorCode}.
 */
export const CloseReason = {
  Closed: "closed",
  Aborted: "aborted",
  NoContent: "no-content",
} as const;

/** One of the {@link CloseReason} values, or the {@link ErrorCode} of the fatal error. */
export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason] | ErrorCode;
