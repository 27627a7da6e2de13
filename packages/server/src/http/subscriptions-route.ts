import type { Context } from "hono";
import { HubError } from "../core/errors.ts";
import { SUBSCRIPTIONS_PATH, subscriptionDocument } from "../core/presence.ts";
import { checkAccess, verifyPresentedToken } from "./access.ts";
import type { RouteContext } from "./context.ts";

const CONTEXT = "https://mercure.rocks/";

/**
 * `GET /.well-known/mercure/subscriptions[/{selector}[/{subscriber}]]` (Mercure "Subscription API"): the
 * active subscriptions as JSON-LD. The token must grant `subscribe` on the requested path as a topic.
 */
export async function listSubscriptions(c: Context, ctx: RouteContext): Promise<Response> {
  if (!ctx.options.subscriptions) throw new HubError(404, "not-found", "the subscriptions API is off");
  const selector = c.req.param("selector");
  const subscriberId = c.req.param("subscriber");
  let path = SUBSCRIPTIONS_PATH;
  if (selector !== undefined) path += `/${encodeURIComponent(selector)}`;
  if (subscriberId !== undefined) path += `/${encodeURIComponent(subscriberId)}`;
  const hooked = ctx.options.authorize !== undefined;
  const alternatives = { anonymous: false, hooked };
  const grant = await verifyPresentedToken(ctx.authenticator, c.req.raw, "subscribe", alternatives);
  await checkAccess(
    ctx.options.authorize,
    c.req.raw,
    { action: "subscribe", topics: [path], anonymous: false, cover: true },
    grant,
  );
  // Read before the listing: resuming from it may repeat a subscription event the listing shows, never miss one.
  // A position, not the newest update's id, which could name a private update.
  const lastEventID = await ctx.core.position();
  const documents = (await activeDocuments(ctx)).filter(
    (document) =>
      (subscriberId === undefined || document.subscriber === subscriberId) &&
      (selector === undefined || (document.match ?? document.topic) === selector),
  );
  let body: Record<string, unknown>;
  if (subscriberId !== undefined) {
    const [document] = documents;
    if (document === undefined) throw new HubError(404, "not-found", "no such subscription");
    body = { ...document, lastEventID };
  } else {
    body = { "@context": CONTEXT, id: path, type: "Subscriptions", lastEventID, subscriptions: documents };
  }
  return c.body(JSON.stringify(body), 200, { "content-type": "application/ld+json" });
}

/** This node's subscriptions, or every node's on a broker shared by several. */
async function activeDocuments(ctx: RouteContext): Promise<Record<string, unknown>[]> {
  const cluster = ctx.core.settings.broker.cluster;
  if (cluster !== undefined) {
    return (await cluster.subscriptions()).map(
      (record) => JSON.parse(record.data) as Record<string, unknown>,
    );
  }
  const documents: Record<string, unknown>[] = [];
  for (const subscriber of ctx.core.subscribers) {
    for (const matcher of subscriber.selectors)
      documents.push(subscriptionDocument(subscriber.info, matcher, true));
  }
  return documents;
}
