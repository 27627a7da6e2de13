/** Machine-readable reason carried by every {@link SseError}. */
export type SseErrorCode =
  | "invalid-event-type"
  | "invalid-id"
  | "id-contains-nul"
  | "invalid-retry"
  | "invalid-comment"
  | "buffer-overflow"
  | "invalid-selector"
  | "selector-too-long"
  | "selector-regexp-group"
  | "selector-budget";

/** Error thrown by the encoder and selector compiler, and reported by the decoder to `onError`. */
export class SseError extends Error {
  override readonly name = "SseError" as const;
  /** Discriminates the failure; stable across versions. */
  readonly code: SseErrorCode;

  constructor(code: SseErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

const codes: ReadonlySet<string> = new Set<SseErrorCode>([
  "invalid-event-type",
  "invalid-id",
  "id-contains-nul",
  "invalid-retry",
  "invalid-comment",
  "buffer-overflow",
  "invalid-selector",
  "selector-too-long",
  "selector-regexp-group",
  "selector-budget",
]);

/**
 * True for an {@link SseError}, including one created by another copy of this package
 * (checks `name` and `code` rather than `instanceof`).
 */
export function isSseError(error: unknown): error is SseError {
  if (typeof error !== "object" || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === "SseError" && typeof code === "string" && codes.has(code);
}
