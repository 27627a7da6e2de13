import { isHubError } from "../core/errors.ts";
import type { RouteContext } from "./context.ts";
import { errorResponse } from "./error-response.ts";

/**
 * The answer to a request that failed: its JSON error, counted by status and reason. A server error (not the
 * client's) is logged too, with the client's address.
 */
export function failedRequest(error: unknown, ctx: RouteContext, client: () => string | undefined): Response {
  if (!isHubError(error) || error.status >= 500) {
    ctx.options.logger?.error("request failed", { error: String(error), client: client() });
  }
  return refuse(error, ctx);
}

/** The JSON error answer, counted by status and reason. */
export function refuse(error: unknown, ctx: RouteContext): Response {
  const response = errorResponse(error);
  ctx.metrics.refused(response.status, isHubError(error) ? error.code : "internal");
  return response;
}
