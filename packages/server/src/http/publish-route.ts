import type { Context } from "hono";
import { HubError } from "../core/errors.ts";
import { toUpdate } from "../core/update.ts";
import { checkAccess } from "./access.ts";
import type { RouteContext } from "./context.ts";
import { readPublishBody } from "./publish-body.ts";

const HUB_BASE = "http://hub.invalid/";

/** `POST /.well-known/mercure`: checks and publishes an update; answers its id as text/plain. */
export async function publish(c: Context, ctx: RouteContext): Promise<Response> {
  const request = c.req.raw;
  const update = toUpdate(await readPublishBody(request, ctx.maxBodySize));
  if (update.topics.some(isReservedTopic)) {
    throw new HubError(403, "reserved-topic", "topics under /.well-known/mercure are the hub's own", "topic");
  }
  await checkAccess({ authenticator: ctx.authenticator, authorize: ctx.options.authorize }, request, {
    action: "publish",
    topics: update.topics,
    anonymous: false,
    cover: true,
  });
  const id = await ctx.core.publishUpdate(update);
  return c.text(id, 200);
}

/** Mercure: a topic whose resolved path is in /.well-known/mercure would forge the hub's own events. */
function isReservedTopic(topic: string): boolean {
  let path: string;
  try {
    path = new URL(topic, HUB_BASE).pathname;
  } catch {
    return false;
  }
  return path === "/.well-known/mercure" || path.startsWith("/.well-known/mercure/");
}
