import type { MiddlewareHandler } from "hono";
import type { SubscriberStream } from "../core/subscriber-stream.ts";
import { clientAddress } from "./client-address.ts";
import type { RouteContext } from "./context.ts";

type Kind = "subscribe" | "publish";

const KINDS: Record<string, Kind> = { GET: "subscribe", HEAD: "subscribe", POST: "publish" };

/** What the routes tell the access log about a request while handling it. */
interface AccessRecord {
  kind: Kind;
  started: number;
  client: string | undefined;
  status: number;
  topics: number;
  /** A publish's body bytes. */
  bytes: number;
  /** An opened subscriber stream: its line waits for the stream's end, with the bytes written to it. */
  stream?: SubscriberStream;
  responded: boolean;
  ended: boolean;
}

const records = new WeakMap<Request, AccessRecord>();

/**
 * One line per subscribe and publish request through the hub's logger: kind, status, duration, topic count,
 * bytes and client address. The line is built from counts only (no header, cookie, query or body text), so
 * no token can reach it. A subscriber stream's line is written when the stream ends.
 */
export function accessLog(ctx: RouteContext): MiddlewareHandler {
  return async (c, next) => {
    const kind = KINDS[c.req.method];
    if (kind === undefined) return next();
    const record: AccessRecord = {
      kind,
      started: performance.now(),
      client: clientAddress(c, ctx.trustProxy),
      status: 0,
      topics: 0,
      bytes: 0,
      responded: false,
      ended: false,
    };
    records.set(c.req.raw, record);
    await next();
    record.responded = true;
    record.status = c.res.status;
    if (record.stream === undefined || record.ended) writeLine(ctx, record);
  };
}

/** What a route learnt about its request: topic (or selector) count, body bytes, the opened stream. */
export function noteAccess(
  request: Request,
  figures: { topics?: number; bytes?: number; stream?: SubscriberStream },
): void {
  const record = records.get(request);
  if (record === undefined) return;
  if (figures.topics !== undefined) record.topics = figures.topics;
  if (figures.bytes !== undefined) record.bytes = figures.bytes;
  if (figures.stream !== undefined) record.stream = figures.stream;
}

/** The callback for the end of `request`'s subscriber stream; undefined when the access log is off. */
export function accessStreamEnd(request: Request, ctx: RouteContext): (() => void) | undefined {
  const record = records.get(request);
  if (record === undefined) return undefined;
  return () => {
    record.ended = true;
    // Before the response was made, the request's own line (written then) covers the stream.
    if (record.responded) writeLine(ctx, record);
  };
}

function writeLine(ctx: RouteContext, record: AccessRecord): void {
  const fields: Record<string, unknown> = {
    kind: record.kind,
    status: record.status,
    durationMs: Math.round((performance.now() - record.started) * 10) / 10,
    topics: record.topics,
    bytes: record.stream?.writtenBytes ?? record.bytes,
  };
  if (record.client !== undefined) fields.client = record.client;
  ctx.options.logger?.info("access", fields);
}
