import type { Hono } from "hono";
import { hubURL } from "../hub-url.ts";
import type { RouteContext } from "./context.ts";
import { prometheusText } from "./metrics.ts";

/** `/healthz`, `/readyz` and `/metrics`: what an orchestrator and a scraper ask. */
export function addOpsRoutes(app: Hono, ctx: RouteContext): void {
  app.get("/healthz", (c) => c.text("ok\n"));
  app.get("/readyz", (c) => {
    if (ctx.core.closing) return c.text("shutting down\n", 503);
    if (ctx.core.settings.broker.ready?.() === false) return c.text("broker unavailable\n", 503);
    return c.text("ready\n");
  });
  app.get("/metrics", (c) =>
    c.body(prometheusText(ctx.core.counters(), ctx.metrics), 200, {
      "content-type": "text/plain; version=0.0.4; charset=utf-8",
    }),
  );
}

/** The `/` page: where the hub's endpoint is (or `indexHtml`). */
export function addIndexRoute(app: Hono, ctx: RouteContext): void {
  app.get("/", (c) => {
    if (ctx.options.indexHtml !== undefined) return c.html(ctx.options.indexHtml);
    // Relative to where the hub is mounted, so the page is right under any prefix.
    const path = c.req.path.endsWith("/") ? c.req.path : `${c.req.path}/`;
    const endpoint = new URL(`${path}.well-known/mercure`, hubURL(c.req.raw, ctx.options.publicUrl)).href;
    return c.text(
      `ssehub: a Mercure hub (Server-Sent Events)\n\n` +
        `Subscribe: GET ${endpoint}?topic=<topic>\n` +
        `Publish:   POST ${endpoint} (form or JSON, with a publisher token)\n`,
    );
  });
}
