import type { Grant } from "../auth/index.ts";
import { HubError } from "../core/errors.ts";
import type { RequestHead } from "../http/request-head.ts";
import { type ClientAddress, publisherKey } from "./publisher-key.ts";
import type { RateLimiter } from "./rate-limiter.ts";

/**
 * Counts a publish request against its publisher's rate; a promise only while a key is being hashed (see
 * {@link publisherKey}).
 * @throws {HubError} 429 `rate-limited`, with `Retry-After`, when the publisher has used up its rate (the
 * promise rejects with it).
 */
export function checkPublishRate(
  limiter: RateLimiter | undefined,
  grant: Grant | null,
  request: RequestHead,
  client: ClientAddress,
): void | Promise<void> {
  if (limiter === undefined) return;
  const key = publisherKey(grant, request, client);
  if (key instanceof Promise) return key.then((hashed) => take(limiter, hashed));
  take(limiter, key);
}

function take(limiter: RateLimiter, key: string | undefined): void {
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
