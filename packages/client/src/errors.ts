import { parseRetryAfter } from "./backoff.ts";
import type { ErrorCode } from "./codes.ts";

/** Details a {@link ClientError} may carry. */
export interface ClientErrorDetails {
  /** HTTP status of the response that caused it. */
  status?: number;
  /** The hub's machine-readable reason (`error` field of its JSON error body). */
  reason?: string;
  /** The hub URL involved. */
  url?: string;
  /** Whether the subscription gives up because of it (false: it reconnects or skips one update). */
  fatal?: boolean;
  /** The update id, for {@link "invalid-data"}. */
  eventId?: string;
  /** The event type, for {@link "invalid-data"}. */
  eventType?: string;
  /** How long the hub asked to wait (its `Retry-After` header), in ms. */
  retryAfter?: number | undefined;
  cause?: unknown;
}

/** Every error the client reports or throws. Check `code` (an {@link ErrorCode}), not the message. */
export class ClientError extends Error {
  override readonly name = "ClientError";
  declare readonly code: ErrorCode;
  /** Whether the subscription gives up because of it (false: it reconnects or skips one update). */
  declare readonly fatal: boolean;
  declare readonly status?: number;
  declare readonly reason?: string;
  declare readonly url?: string;
  declare readonly eventId?: string;
  declare readonly eventType?: string;
  declare readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, details: ClientErrorDetails = {}) {
    super(message, details);
    Object.assign(this, details, { code, fatal: details.fatal ?? false });
  }
}

/** The fatal `invalid-options` error: arguments that cannot work, reported with a code (issue 13). */
export function invalidOptions(message: string, cause?: unknown): ClientError {
  return new ClientError("invalid-options", message, { cause, fatal: true });
}

/** True for a {@link ClientError}, also one from another copy of this package (checks name and code). */
export function isClientError(value: unknown): value is ClientError {
  return (
    value instanceof Error &&
    value.name === "ClientError" &&
    typeof (value as { code?: unknown }).code === "string"
  );
}

/**
 * The error for a non-200 response, with the hub's reason from its `{"error","message"}` JSON body when
 * there is one (DESIGN.md "Errors"), and the wait a `Retry-After` header asks for (ms). Never throws.
 */
export async function httpError(response: Response, url: string, now: number): Promise<ClientError> {
  const { status } = response;
  // 429 and 500/502/503/504 mean "try again later" (a proxy or a restarting hub, issue 13), the rest "stop".
  const code: ErrorCode = [429, 500, 502, 503, 504].includes(status)
    ? "unavailable"
    : status === 401
      ? "unauthorized"
      : status === 403
        ? "forbidden"
        : "http-status";
  let body: { error?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(await response.text()) ?? {};
  } catch {
    // Not every hub answers JSON; the status is then the whole story.
  }
  return new ClientError(
    code,
    typeof body.message === "string" ? body.message : `${status} ${response.statusText}`,
    {
      status,
      reason: typeof body.error === "string" ? body.error : undefined,
      url,
      fatal: code !== "unavailable",
      retryAfter: parseRetryAfter(response.headers.get("retry-after"), now),
    },
  );
}
