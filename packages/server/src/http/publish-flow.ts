import type { Update } from "@ssehub/protocol";
import type { Grant } from "../auth/index.ts";
import { checkPublishRate } from "../limits/publish-rate.ts";
import { checkAccess, type RequestMaker, type TokenAlternatives, verifyPresentedToken } from "./access.ts";
import { afterStep } from "./after-step.ts";
import type { RouteContext } from "./context.ts";
import { type BodyFormat, bodyFormat, declaredLength, parsePublishBody } from "./publish-body.ts";
import type { RequestHead } from "./request-head.ts";

/** A publish request as the runtime received it: the Hono route's fetch `Request`, or Node's raw request. */
export interface PublishRequest extends RequestMaker {
  head: RequestHead;
  /** The client's address (proxy hops applied); asked for only by the rate of a publisher no token names. */
  address(): string | undefined;
  /** The request as the `authorize` hook sees it (its body already read); only asked for with a hook. */
  request(): Request;
  /** Tells the access log what was read. */
  note?(figures: { topics?: number; bytes?: number }): void;
}

/** A publish request whose body {@link publishFrom} reads. */
export interface PublishSource extends PublishRequest {
  /**
   * Reads the whole body, refusing it (413) past `maxBodySize` bytes; `declared` is its checked
   * `Content-Length`, undefined for a body of unknown length.
   */
  readBody(maxBodySize: number, declared: number | undefined): Promise<Uint8Array>;
}

/** What the steps before the body found: who publishes, and how its body is to be read. */
export interface PublishStart {
  /** When the request came (ms, `performance.now()`), for the publish duration metric. */
  received: number;
  grant: Grant | null;
  format: BodyFormat;
  /** The body's checked `Content-Length`; undefined for a body of unknown length. */
  declared: number | undefined;
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
  const started = startPublish(source, ctx);
  const start = started instanceof Promise ? await started : started;
  const bytes = await source.readBody(ctx.maxBodySize, start.declared);
  return finishPublish(start, bytes, source, ctx);
}

/**
 * {@link publishFrom}'s steps before the body: the token, the publisher's rate, the body's format and declared
 * length. At once (no promise: each await of an async step would cost a microtask and its allocations on every
 * publish) when the token and the rate could be judged at once, as a publisher's cached or HMAC token is.
 * @throws {HubError} the refusal (or the promise rejects with it).
 */
export function startPublish(
  source: PublishRequest,
  ctx: RouteContext,
): PublishStart | Promise<PublishStart> {
  const received = performance.now();
  const presented = verifyPresentedToken(
    ctx.authenticator,
    source.head,
    "publish",
    ctx.options.authorize === undefined ? TOKEN_ONLY : TOKEN_OR_HOOK,
  );
  return afterStep(presented, (grant) => rated(source, ctx, received, grant));
}

function rated(
  source: PublishRequest,
  ctx: RouteContext,
  received: number,
  grant: Grant | null,
): PublishStart | Promise<PublishStart> {
  const rate = checkPublishRate(ctx.publishRate, grant, source.head, source);
  return afterStep(rate, () => bodyPlan(source, ctx, received, grant));
}

function bodyPlan(
  source: PublishRequest,
  ctx: RouteContext,
  received: number,
  grant: Grant | null,
): PublishStart {
  const { headers } = source.head;
  const format = bodyFormat(headers.get("content-type"));
  return {
    received,
    grant,
    format,
    declared: declaredLength(headers.get("content-length"), ctx.maxBodySize),
  };
}

/**
 * {@link publishFrom}'s steps after the body: the update's checks, the `authorize` hook and the token's cover,
 * the broker. The id at once when each could answer at once (no hook, the memory broker).
 * @throws {HubError} the refusal (or the promise rejects with it).
 */
export function finishPublish(
  start: PublishStart,
  bytes: Uint8Array,
  source: PublishRequest,
  ctx: RouteContext,
): string | Promise<string> {
  source.note?.({ bytes: bytes.byteLength });
  const input = parsePublishBody(start.format, bytes);
  const update = ctx.core.checkUpdate(input);
  source.note?.({ topics: update.topics.length });
  const access = checkAccess(
    ctx.options.authorize,
    source,
    { action: "publish", topics: update.topics, anonymous: false, cover: true },
    start.grant,
  );
  const newId = input.id === undefined;
  return afterStep(access, () => stored(ctx, start, update, newId));
}

function stored(
  ctx: RouteContext,
  start: PublishStart,
  update: Update,
  newId: boolean,
): string | Promise<string> {
  return afterStep(ctx.core.publishUpdate(update, newId), (id) => timed(ctx, start, id));
}

function timed(ctx: RouteContext, start: PublishStart, id: string): string {
  ctx.metrics.publishSeconds.observe((performance.now() - start.received) / 1000);
  return id;
}
