import { checkPublishRate } from "../limits/publish-rate.ts";
import { checkAccess, type RequestMaker, type TokenAlternatives, verifyPresentedToken } from "./access.ts";
import type { RouteContext } from "./context.ts";
import { bodyFormat, declaredLength, parsePublishBody } from "./publish-body.ts";
import type { RequestHead } from "./request-head.ts";

/** A publish request as the runtime received it: the Hono route's fetch `Request`, or Node's raw request. */
export interface PublishSource extends RequestMaker {
  head: RequestHead;
  /** The client's address (proxy hops applied); asked for only by the rate of a publisher no token names. */
  address(): string | undefined;
  /**
   * Reads the whole body, refusing it (413) past `maxBodySize` bytes; `declared` is its checked
   * `Content-Length`, undefined for a body of unknown length.
   */
  readBody(maxBodySize: number, declared: number | undefined): Promise<Uint8Array>;
  /** The request as the `authorize` hook sees it (its body already read); only asked for with a hook. */
  request(): Request;
  /** Tells the access log what was read. */
  note?(figures: { topics?: number; bytes?: number }): void;
}

// A publisher is never anonymous; an `authorize` hook may stand in for its token.
const TOKEN_ONLY: TokenAlternatives = { anonymous: false, hooked: false };
const TOKEN_OR_HOOK: TokenAlternatives = { anonymous: false, hooked: true };

/**
 * `POST /.well-known/mercure` on any runtime: checks and publishes an update; resolves to its id. A presented
 * token is verified (and a missing one refused, unless an `authorize` hook could allow it) before the body is
 * read; the body is read and checked within its limits before the hook sees its topics. The publisher's rate
 * is counted as soon as it is known who publishes, before the body is read.
 * @throws {HubError} the refusal, for the caller to answer.
 */
export async function publishFrom(source: PublishSource, ctx: RouteContext): Promise<string> {
  const received = performance.now();
  const { head } = source;
  const authorize = ctx.options.authorize;
  // Awaited only when it is a promise: a publisher's cached or HMAC token is judged at once, and each await
  // of an async step would cost a microtask and its allocations on every publish.
  const presented = verifyPresentedToken(
    ctx.authenticator,
    head,
    "publish",
    authorize === undefined ? TOKEN_ONLY : TOKEN_OR_HOOK,
  );
  const grant = presented instanceof Promise ? await presented : presented;
  if (ctx.publishRate !== undefined) {
    const rated = checkPublishRate(ctx.publishRate, grant, head, source);
    if (rated instanceof Promise) await rated;
  }
  const format = bodyFormat(head.headers.get("content-type"));
  const declared = declaredLength(head.headers.get("content-length"), ctx.maxBodySize);
  const bytes = await source.readBody(ctx.maxBodySize, declared);
  source.note?.({ bytes: bytes.byteLength });
  const input = parsePublishBody(format, bytes);
  const update = ctx.core.checkUpdate(input);
  source.note?.({ topics: update.topics.length });
  const access = checkAccess(
    authorize,
    source,
    { action: "publish", topics: update.topics, anonymous: false, cover: true },
    grant,
  );
  if (access instanceof Promise) await access;
  const published = ctx.core.publishUpdate(update, input.id === undefined);
  const id = published instanceof Promise ? await published : published;
  ctx.metrics.publishSeconds.observe((performance.now() - received) / 1000);
  return id;
}
