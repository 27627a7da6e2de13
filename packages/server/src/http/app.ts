import { Hono } from "hono";
import { HubError } from "../core/errors.ts";
import { accessLog } from "./access-log.ts";
import { clearRetained } from "./clear-retained-route.ts";
import { clientAddress } from "./client-address.ts";
import type { RouteContext } from "./context.ts";
import { cors } from "./cors.ts";
import { addIndexRoute, addOpsRoutes } from "./ops-routes.ts";
import { publish } from "./publish-route.ts";
import { failedRequest, refuse } from "./refusal.ts";
import { subscribe } from "./subscribe-route.ts";
import { listSubscriptions } from "./subscriptions-route.ts";

/** The hub's Hono app; every path is relative, so the app mounts under any prefix. */
export function createApp(ctx: RouteContext): Hono {
  const app = new Hono();
  const origins = ctx.options.corsOrigins ?? [];
  if (origins.length > 0) app.use("*", cors(origins));
  if (ctx.options.accessLog) app.use("/.well-known/mercure", accessLog(ctx));
  app.get("/.well-known/mercure", (c) => subscribe(c, ctx));
  app.post("/.well-known/mercure", (c) => publish(c, ctx));
  app.delete("/.well-known/mercure", (c) => clearRetained(c, ctx));
  app.get("/.well-known/mercure/subscriptions", (c) => listSubscriptions(c, ctx));
  app.get("/.well-known/mercure/subscriptions/:selector", (c) => listSubscriptions(c, ctx));
  app.get("/.well-known/mercure/subscriptions/:selector/:subscriber", (c) => listSubscriptions(c, ctx));
  if (!ctx.options.separateOps) addOpsRoutes(app, ctx);
  addIndexRoute(app, ctx);
  return withErrorHandling(app, ctx);
}

/** The health and metrics routes alone, for an admin listener ({@link HubOptions.separateOps}). */
export function createOpsApp(ctx: RouteContext): Hono {
  const app = new Hono();
  addOpsRoutes(app, ctx);
  return withErrorHandling(app, ctx);
}

function withErrorHandling(app: Hono, ctx: RouteContext): Hono {
  app.notFound(() => refuse(new HubError(404, "not-found", "no such route"), ctx));
  app.onError((error, c) => failedRequest(error, ctx, () => clientAddress(c, ctx.trustProxy)));
  return app;
}
