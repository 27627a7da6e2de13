import { createAuthenticator } from "./auth/index.ts";
import { checkHubOptions } from "./core/check-options.ts";
import { HubCore } from "./core/hub-core.ts";
import { createMemoryBroker } from "./core/memory-broker.ts";
import { topicLimits } from "./core/topic-limits.ts";
import { createApp, createOpsApp } from "./http/app.ts";
import { bindRouteContext, type RouteContext } from "./http/context.ts";
import { RequestMetrics } from "./http/request-metrics.ts";
import {
  DEFAULT_MAX_CONNECTIONS_PER_IP,
  DEFAULT_PUBLISH_RATE,
  DEFAULT_TRUST_PROXY,
} from "./limits/defaults.ts";
import { RateLimiter } from "./limits/rate-limiter.ts";
import type { Hub, HubOptions } from "./types.ts";

/** Default idle time before a heartbeat comment: 15 s (under proxies' 30–60 s idle cut-offs). */
export const DEFAULT_HEARTBEAT = 15_000;
/** Default subscriber queue limit: 4 MiB (counted per subscriber; the encoded bytes themselves are shared). */
export const DEFAULT_MAX_QUEUE = 4 * 1024 * 1024;
/** Default largest publish body: 4 MiB (1 MiB of any text fits even form-encoded). */
export const DEFAULT_MAX_BODY_SIZE = 4 * 1024 * 1024;

/**
 * Creates a hub: the Mercure endpoints (`/.well-known/mercure`, subscriptions API), `/healthz`, `/readyz`,
 * `/metrics` and `/`, as a Hono app and a fetch handler, plus the in-process publish/stats/close API.
 * @throws {RangeError} when a size or duration option is not a finite, non-negative integer.
 */
export function createHub(options: HubOptions = {}): Hub {
  checkHubOptions(options);
  const publishRate = options.publishRate ?? DEFAULT_PUBLISH_RATE;
  const metrics = new RequestMetrics();
  const core = new HubCore({
    broker:
      options.broker ??
      createMemoryBroker({
        historySize: options.historySize,
        historyMaxAge: options.historyMaxAge,
        historyMaxBytes: options.historyMaxBytes,
        maxRetained: options.maxRetained,
      }),
    ownsBroker: options.broker === undefined,
    heartbeat: options.heartbeat ?? DEFAULT_HEARTBEAT,
    maxQueue: options.maxQueue ?? DEFAULT_MAX_QUEUE,
    maxConnections: options.maxConnections ?? 0,
    maxConnectionsPerIp: options.maxConnectionsPerIp ?? DEFAULT_MAX_CONNECTIONS_PER_IP,
    subscriptions: options.subscriptions ?? false,
    topicLimits: topicLimits(options),
    onSubscribe: options.onSubscribe,
    onUnsubscribe: options.onUnsubscribe,
    onPublish: options.onPublish,
    onBrokerPublish: (seconds) => metrics.brokerSeconds.observe(seconds),
    logger: options.logger,
  });
  const context: RouteContext = {
    core,
    authenticator: createAuthenticator(options),
    options,
    allowAnonymous: options.allowAnonymous ?? false,
    maxBodySize: options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE,
    trustProxy: options.trustProxy ?? DEFAULT_TRUST_PROXY,
    publishRate: publishRate > 0 ? new RateLimiter({ perSecond: publishRate }) : undefined,
    metrics,
  };
  context.metrics.loopDelay.start();
  const app = createApp(context);
  const opsApp = createOpsApp(context);
  const hub: Hub = {
    app,
    fetch: async (request, env) => app.fetch(request, env),
    opsFetch: async (request) => opsApp.fetch(request),
    publish: (input) => core.publish(input),
    position: () => core.position(),
    clearRetained: (topic) => core.clearRetained(topic),
    stats: () => core.stats(),
    close: (closeOptions) => {
      context.metrics.loopDelay.stop();
      return core.close(closeOptions?.timeoutMs);
    },
  };
  bindRouteContext(hub, context);
  return hub;
}
