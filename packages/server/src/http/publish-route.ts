import type { Context } from "hono";
import { noteAccess } from "./access-log.ts";
import { clientAddress } from "./client-address.ts";
import type { RouteContext } from "./context.ts";
import { publishFrom } from "./publish-flow.ts";
import { readRequestBody } from "./request-body.ts";

/** `POST /.well-known/mercure` in the Hono app ({@link publishFrom}): answers the update's id as text/plain. */
export async function publish(c: Context, ctx: RouteContext): Promise<Response> {
  const request = c.req.raw;
  const id = await publishFrom(
    {
      head: request,
      address: () => clientAddress(c, ctx.trustProxy),
      readBody: (maxBodySize, declared) => readRequestBody(request, maxBodySize, declared),
      request: () => request,
      note: (figures) => noteAccess(request, figures),
    },
    ctx,
  );
  return c.text(id, 200);
}
