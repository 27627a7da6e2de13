import type { Grant } from "../auth/index.ts";
import { HubError } from "../core/errors.ts";
import type { RequestHead } from "../http/request-head.ts";
import { publisherKey } from "./publisher-key.ts";
import type { RateLimiter } from "./rate-limiter.ts";

/**
 * Counts a publish request against its publisher's rate.
 * @throws {HubError} 429 `rate-limited`, with `Retry-After`, when the publisher has used up its rate.
 */
export async function checkPublishRate(
  limiter: RateLimiter | undefined,
  grant: Grant | null,
  request: RequestHead,
  address: string | undefined,
): Promise<void> {
  if (limiter === undefined) return;
  const key = await publisherKey(grant, request, address);
  if (key === undefined) return;
  const wait = limiter.take(key);
  if (wait === 0) return;
  const error = new HubError(
    429,
    "rate-limited",
    `this publisher passed its publish rate; retry in ${wait} s`,
  );
  error.retryAfter = wait;
  throw error;
}
