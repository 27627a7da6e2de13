import type { Authenticator } from "../auth/index.ts";
import type { HubCore } from "../core/hub-core.ts";
import type { RateLimiter } from "../limits/rate-limiter.ts";
import type { HubOptions } from "../types.ts";
import type { RequestMetrics } from "./request-metrics.ts";

/** What the routes share: the core, the authenticator and the options they read. */
export interface RouteContext {
  core: HubCore;
  authenticator: Authenticator;
  options: HubOptions;
  allowAnonymous: boolean;
  maxBodySize: number;
  /** Proxy hops trusted for the client address (see `HubOptions.trustProxy`). */
  trustProxy: number;
  /** Per-publisher publish rate; undefined when unlimited. */
  publishRate: RateLimiter | undefined;
  /** Refusals and latencies counted for `/metrics`. */
  metrics: RequestMetrics;
}

const contexts = new WeakMap<object, RouteContext>();

/** Remembers what a hub's routes share, so that a runtime's own path to a route (Node's publish) uses the same. */
export function bindRouteContext(hub: object, ctx: RouteContext): void {
  contexts.set(hub, ctx);
}

/** What the routes of `hub` share; undefined for an object that no `createHub` made. */
export function routeContextOf(hub: object): RouteContext | undefined {
  return contexts.get(hub);
}
