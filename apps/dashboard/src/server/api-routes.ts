import type { Hub } from "@ssehub/server";
import { Hono } from "hono";
import {
  COUNTER_OPERATIONS,
  type CounterOperation,
  type PageConfig,
  type PublishRequest,
} from "../shared/feed.ts";
import type { Counter } from "./counter.ts";

/**
 * The app's own routes, under `/api`. The browser never holds a publisher key: it asks these routes, and the
 * server publishes with `hub.publish`.
 */
export function createApiRoutes(options: { hub: Hub; counter: Counter; publishForm: boolean }): Hono {
  const { hub, counter, publishForm } = options;
  const api = new Hono();

  api.get("/config", (c) => c.json({ publishForm } satisfies PageConfig));

  api.post("/counter/:operation", async (c) => {
    const operation = c.req.param("operation");
    if (!isCounterOperation(operation)) {
      return c.json({ error: "unknown-operation", message: `no counter operation "${operation}"` }, 404);
    }
    try {
      return c.json({ value: await counter.apply(operation) });
    } catch (error) {
      // The value could not be stored (disk full, folder not writable): nothing was published.
      return c.json({ error: "counter-not-stored", message: (error as Error).message }, 500);
    }
  });

  if (publishForm) {
    api.post("/publish", async (c) => {
      const body = await c.req.json<unknown>().catch(() => undefined);
      const request = parsePublishRequest(body);
      if (typeof request === "string") return c.json({ error: "invalid-request", message: request }, 400);
      try {
        const id = await hub.publish({
          topics: request.topic,
          data: request.data,
          type: request.type || undefined,
          retain: request.retain ?? false,
        });
        return c.json({ id });
      } catch (error) {
        // The hub refuses bad input (an event type with a line break, …) with an error that explains why.
        return c.json({ error: "publish-refused", message: (error as Error).message }, 400);
      }
    });
  }

  return api;
}

function isCounterOperation(name: string): name is CounterOperation {
  return (COUNTER_OPERATIONS as readonly string[]).includes(name);
}

/** The request, or a message saying what is wrong with it. */
function parsePublishRequest(body: unknown): PublishRequest | string {
  if (typeof body !== "object" || body === null) return "expected a JSON object";
  const { topic, data, type, retain } = body as Record<string, unknown>;
  if (typeof topic !== "string" || topic.trim() === "") return "topic must be a non-empty string";
  if (typeof data !== "string") return "data must be a string";
  if (type !== undefined && typeof type !== "string") return "type must be a string";
  if (retain !== undefined && typeof retain !== "boolean") return "retain must be a boolean";
  return { topic: topic.trim(), data, type, retain };
}
