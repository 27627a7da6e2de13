import { HubError, isHubError } from "../core/errors.ts";

/** The JSON error body: `{"error": code, "field"?: name, "message": text}`, with the status of the error. */
export function errorResponse(error: unknown): Response {
  const hubError = isHubError(error)
    ? error
    : new HubError(500, "internal", "internal error", undefined, { cause: error });
  const body: Record<string, string> = { error: hubError.code };
  if (hubError.field !== undefined) body.field = hubError.field;
  body.message = hubError.message;
  const headers = new Headers({ "content-type": "application/json; charset=utf-8" });
  if (hubError.challenge !== undefined) headers.set("www-authenticate", hubError.challenge);
  if (hubError.retryAfter !== undefined) headers.set("retry-after", String(hubError.retryAfter));
  return new Response(JSON.stringify(body), { status: hubError.status, headers });
}
