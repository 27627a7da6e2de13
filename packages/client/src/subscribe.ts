import type { SubscribeOptions } from "./options.ts";
import { Subscription } from "./subscription.ts";
import type { EventMap } from "./update.ts";

/**
 * Subscribes to a hub (`…/.well-known/mercure`), or to the first of several that answers (failover).
 * Streams over `fetch`, reconnects with full-jitter backoff and `Last-Event-ID`, and ends on `close()`,
 * `signal`, a 204, or a fatal error (401/403 after one token refresh, other 4xx, wrong content type).
 * Throws a `ClientError` (`invalid-options`) at once when no URL or no selector is given.
 *
 * @example
 * for await (const update of subscribe(hub, { topics: ["urn:example:chat"] })) console.log(update.data);
 */
export function subscribe<Events extends EventMap = EventMap>(
  hubUrl: string | string[],
  options: SubscribeOptions<Events>,
): Subscription<Events> {
  return new Subscription<Events>(hubUrl, options);
}
