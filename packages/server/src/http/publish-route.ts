import type { Context } from "hono";
import { checkPublishRate } from "../limits/publish-rate.ts";
import { checkAccess, verifyPresentedToken } from "./access.ts";
import { noteAccess } from "./access-log.ts";
import { clientAddress } from "./client-address.ts";
import type { RouteContext } from "./context.ts";
import { readPublishBody } from "./publish-body.ts";

/**
 * `POST /.well-known/mercure`: checks and publishes an update; answers its id as text/plain. A presented token
 * is verified (and a missing one refused, unless an `authorize` hook could allow it) before the body is read;
 * the body is read and checked within its limits before the hook sees its topics. The publisher's rate is
 * counted as soon as it is known who publishes, before the body is read.
 */
export async function publish(c: Context, ctx: RouteContext): Promise<Response> {
  const received = performance.now();
  const request = c.req.raw;
  const hooked = ctx.options.authorize !== undefined;
  const grant = await verifyPresentedToken(ctx.authenticator, request, "publish", {
    anonymous: false,
    hooked,
  });
  await checkPublishRate(ctx.publishRate, grant, request, clientAddress(c, ctx.trustProxy));
  const update = ctx.core.checkUpdate(await readPublishBody(request, ctx.maxBodySize));
  noteAccess(request, { topics: update.topics.length });
  await checkAccess(
    ctx.options.authorize,
    request,
    { action: "publish", topics: update.topics, anonymous: false, cover: true },
    grant,
  );
  const id = await ctx.core.publishUpdate(update);
  ctx.metrics.publishSeconds.observe((performance.now() - received) / 1000);
  return c.text(id, 200);
}
