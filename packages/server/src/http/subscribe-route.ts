import type { Context } from "hono";
import { bindDirect } from "../core/direct-sink.ts";
import type { OpenedSubscription } from "../core/hub-core.ts";
import { noteSubscriberBody } from "../core/unsent-subscribers.ts";
import { hubURL } from "../hub-url.ts";
import { checkAccess, verifyPresentedToken } from "./access.ts";
import { accessStreamEnd, noteAccess } from "./access-log.ts";
import { clientAddress } from "./client-address.ts";
import type { RouteContext } from "./context.ts";
import { isFieldValue, toHeaderText } from "./header-text.ts";
import { parseSubscribeParams, type SubscribeParams } from "./subscribe-params.ts";

// Mercure's stricter no-cache set, plus no-transform so proxies do not compress or buffer the stream.
const CACHE_CONTROL = "private, no-cache, no-store, must-revalidate, max-age=0, no-transform";

/**
 * `GET /.well-known/mercure`: opens a subscriber stream (headers and first comment sent at once). A presented
 * token is verified before any selector is compiled.
 */
export async function subscribe(c: Context, ctx: RouteContext): Promise<Response> {
  const request = c.req.raw;
  const alternatives = { anonymous: ctx.allowAnonymous, hooked: ctx.options.authorize !== undefined };
  const presented = await verifyPresentedToken(ctx.authenticator, request, "subscribe", alternatives);
  const params = parseSubscribeParams(
    new URL(request.url),
    request.headers,
    hubURL(request, ctx.options.publicUrl),
    ctx.core.matchers,
  );
  noteAccess(request, { topics: params.selectors.length });
  const grant = await checkAccess(
    ctx.options.authorize,
    request,
    {
      action: "subscribe",
      topics: params.selectors.map((selector) => selector.pattern),
      anonymous: ctx.allowAnonymous,
      cover: false,
    },
    presented,
  );
  // Hono answers HEAD with the GET route and drops the body unread: a subscriber opened for it would never
  // be released, so HEAD gets the stream's headers only.
  if (request.method === "HEAD") return new Response(null, { status: 200, headers: streamHeaders() });
  const opened = await ctx.core.open({
    selectors: params.selectors,
    baseURL: params.baseURL,
    grants: grant === null ? null : grant.selectors,
    draft: params.draft,
    resume: params.resume,
    subject: grant?.subject,
    payload: grant?.payload,
    expiresAt: grant?.expiresAt,
    address: clientAddress(c, ctx.trustProxy),
    onEnd: accessStreamEnd(request, ctx),
  });
  noteAccess(request, { stream: opened.output });
  try {
    return streamResponse(request, params, opened);
  } catch (error) {
    // The subscriber is registered: whatever failed, it must not hold its connection slot.
    opened.output.close(false);
    throw error;
  }
}

function streamResponse(request: Request, params: SubscribeParams, opened: OpenedSubscription): Response {
  const headers = streamHeaders();
  const anchor = opened.lastEventId === undefined ? undefined : toHeaderText(opened.lastEventId);
  // The header only tells the resume anchor; an id no header can carry resumes all the same, without it.
  if (anchor !== undefined && isFieldValue(anchor)) {
    headers.set(params.draft === 8 ? "mercure-last-event-id" : "last-event-id", anchor);
  }
  // A runtime that writes subscriber bodies itself took the output: no Web Stream is made.
  if (bindDirect(request, opened.output)) return new Response(null, { status: 200, headers });
  const body = opened.output.stream;
  noteSubscriberBody(request, opened.output, body);
  return new Response(body, { status: 200, headers });
}

function streamHeaders(): Headers {
  // No Connection header: it is invalid on HTTP/2 and the runtimes manage keep-alive themselves.
  return new Headers({
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": CACHE_CONTROL,
    "x-accel-buffering": "no",
  });
}
