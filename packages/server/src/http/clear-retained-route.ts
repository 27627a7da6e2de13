import type { Context } from "hono";
import { badField } from "../core/errors.ts";
import { checkAccess, verifyPresentedToken } from "./access.ts";
import type { RouteContext } from "./context.ts";

/**
 * `DELETE /.well-known/mercure?topic=<topic>` (an ssehub extension): forgets the topic's retained update,
 * so new subscribers no longer receive it; the history is untouched. Mercure defines no DELETE on the hub, so
 * no Mercure client sends one by accident, and a browser sends it cross-origin only after a CORS preflight.
 * The token must allow publishing to the topic, as for a publish. Answers `{"topic", "cleared"}`.
 */
export async function clearRetained(c: Context, ctx: RouteContext): Promise<Response> {
  const request = c.req.raw;
  // As for a publish: a presented token is verified before anything else is read.
  const grant = await verifyPresentedToken(ctx.authenticator, request, "publish", {
    anonymous: false,
    hooked: ctx.options.authorize !== undefined,
  });
  const topics = new URL(request.url).searchParams.getAll("topic");
  if (topics.length !== 1 || topics[0] === "") {
    throw badField("topic", "exactly one non-empty topic parameter is required", "missing-field");
  }
  const topic = topics[0]!;
  await checkAccess(
    ctx.options.authorize,
    request,
    { action: "publish", topics: [topic], anonymous: false, cover: true },
    grant,
  );
  const cleared = await ctx.core.clearRetained(topic);
  return c.json({ topic, cleared }, 200);
}
