/** Machine-readable reasons of {@link HubError}, sent as `error` in the JSON error body. */
export type HubErrorCode =
  | "missing-field"
  | "invalid-field"
  | "unknown-field"
  | "reserved-type"
  | "reserved-topic"
  | "ambiguous-topic"
  | "too-many-topics"
  | "topic-too-long"
  | "unknown-matcher"
  | "invalid-selector"
  | "too-many-selectors"
  | "invalid-body"
  | "unsupported-media-type"
  | "body-too-large"
  | "unauthorized"
  | "invalid_token"
  | "invalid_request"
  | "insufficient_scope"
  | "forbidden"
  | "not-found"
  | "closing"
  | "too-many-connections"
  | "too-many-connections-per-ip"
  | "rate-limited"
  | "selector-budget"
  | "broker-failed"
  | "key-set-unavailable"
  | "internal";

/** A refusal with its HTTP status, reason code and, for bad input, the field at fault. */
export class HubError extends Error {
  override readonly name = "HubError";
  readonly status: number;
  readonly code: HubErrorCode;
  readonly field: string | undefined;
  /** RFC 6750 `WWW-Authenticate` value for 401 and 403. */
  challenge: string | undefined;
  /** `Retry-After` in seconds, for a refusal worth retrying later (503). */
  retryAfter: number | undefined;

  constructor(status: number, code: HubErrorCode, message: string, field?: string, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** True for a {@link HubError}, also from another copy of this package (checked by name and code). */
export function isHubError(error: unknown): error is HubError {
  return (
    error instanceof Error &&
    error.name === "HubError" &&
    typeof (error as HubError).code === "string" &&
    typeof (error as HubError).status === "number"
  );
}

/** 400 for one field. */
export function badField(field: string, message: string, code: HubErrorCode = "invalid-field"): HubError {
  return new HubError(400, code, message, field);
}
