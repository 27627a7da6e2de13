import { createHub, type Hub } from "@ssehub/server";
import { Hono } from "hono";
import { STATS_TOPIC } from "../shared/feed.ts";
import { createApiRoutes } from "./api-routes.ts";
import { createCounter } from "./counter.ts";
import { createRecentUpdates } from "./recent-updates.ts";
import { type ReadAsset, serveStatic } from "./static-files.ts";
import { startStatsFeed } from "./stats-feed.ts";
import type { TextStore } from "./text-store.ts";

/** How many recent updates the stats feed carries for the page's log. */
const RECENT_UPDATES = 50;

export interface DashboardOptions {
  /** Where the counter value is kept. */
  store: TextStore;
  /** Reads the built page's files. */
  readAsset: ReadAsset;
  /** Offer `POST /api/publish`; default false. */
  publishForm?: boolean;
}

export interface Dashboard {
  /** Answers every request: the page, `/api/*`, and the hub at `/.well-known/mercure` (plus its health routes). */
  fetch(request: Request): Promise<Response>;
  /** The hub, for the runtime's `serve()`, whose `close()` also closes the hub. */
  hub: Hub;
  /** Stops the stats feed (before the hub closes). */
  stop(): void;
}

/**
 * The dashboard server, on web standards only so one module runs on Node, Bun and Deno: an in-memory hub
 * that lets anonymous subscribers in, the counter, the stats feed, the API routes and the built page.
 */
export async function createDashboard(options: DashboardOptions): Promise<Dashboard> {
  const recent = createRecentUpdates({ limit: RECENT_UPDATES, ignoreTopic: STATS_TOPIC });
  const hub = createHub({ allowAnonymous: true, onPublish: (update) => recent.record(update) });
  const counter = await createCounter(options.store, (update) => hub.publish(update));
  const stopStats = startStatsFeed({
    stats: () => hub.stats(),
    publish: (update) => hub.publish(update),
    recent,
  });

  const app = new Hono();
  app.route("/api", createApiRoutes({ hub, counter, publishForm: options.publishForm ?? false }));
  app.all("*", async (c) => {
    const request = c.req.raw;
    return (await serveStatic(request, options.readAsset)) ?? hub.fetch(request);
  });

  return {
    fetch: (request) => Promise.resolve(app.fetch(request)),
    hub,
    stop: stopStats,
  };
}
