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
  /** The update id, for {@link ErrorCode.InvalidData}. */
  eventId?: string;
  /** The event type, for {@link ErrorCode.InvalidData}. */
  eventType?: string;
  cause?: unknown;
}

/** Every error the client reports or throws. Check `code` (an {@link ErrorCode}), not the message. */
export class ClientError extends Error {
  override readonly name = "ClientError";
  readonly code: ErrorCode;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly url: string | undefined;
  readonly fatal: boolean;
  readonly eventId: string | undefined;
  readonly eventType: string | undefined;

  constructor(code: ErrorCode, message: string, details: ClientErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.reason = details.reason;
    this.url = details.url;
    this.fatal = details.fatal ?? false;
    this.eventId = details.eventId;
    this.eventType = details.eventType;
  }
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
 * Builds the error for a non-200 response, reading the hub's `{"error","message"}` JSON body when there
 * is one (DESIGN.md "Errors"). Never throws.
 */
export async function errorFromResponse(
  code: ErrorCode,
  response: Response,
  url: string,
  fatal: boolean,
): Promise<ClientError> {
  let reason: string | undefined;
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const text = await response.text();
    const body: unknown = JSON.parse(text);
    if (typeof body === "object" && body !== null) {
      const fields = body as { error?: unknown; message?: unknown };
      if (typeof fields.error === "string") reason = fields.error;
      if (typeof fields.message === "string") message = `${response.status}: ${fields.message}`;
    }
  } catch {
    // Not every hub answers JSON; the status is then the whole story.
  }
  return new ClientError(code, message, { status: response.status, reason, url, fatal });
}
