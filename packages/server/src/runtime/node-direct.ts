/// <reference types="node" />
import { ServerResponse } from "node:http";
import type { Http2Bindings, HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { type DirectSink, offerDirect, takeDirect } from "../core/direct-sink.ts";
import type { SubscriberStream } from "../core/subscriber-stream.ts";
import type { Handler } from "./serve-options.ts";
import { WriteBatching } from "./write-batching.ts";

/**
 * Node fast path: a subscriber body is written straight to Node's response instead of through a Web Stream
 * (no stream is made: one promise and one read per write saved, and the stream's memory per subscriber),
 * with Node's own backpressure (`write()` false → wait for `drain`, the updates meanwhile joined into one
 * write). Writes are deferred to the end of the current batch of I/O, so that updates published together
 * leave in one write per subscriber, unless requests all come on one connection, whose publishes never share a
 * batch: then they are made at the end of the publish's callback ({@link WriteBatching}). Other responses go
 * the usual way.
 */
export async function handleDirect(
  request: Request,
  env: HttpBindings | Http2Bindings | undefined,
  handler: Handler,
): Promise<Response> {
  if (env !== undefined) writeBatching.requestOn(env.incoming.socket);
  const outgoing = env?.outgoing;
  // HTTP/2 responses keep the stream pump (their write/drain contract differs).
  if (!(outgoing instanceof ServerResponse)) return handler(request, env);
  offerDirect(request);
  let response: Response;
  try {
    // The bindings go on as the hub's `env`: its socket is where the client's address comes from.
    response = await handler(request, env);
  } catch (error) {
    // A subscriber bound before the failure would have no reader.
    takeDirect(request)?.abort();
    throw error;
  }
  const source = takeDirect(request);
  if (source === undefined) return response;
  if (response.status !== 200) {
    // A parent app's middleware replaced the stream's response: the subscriber has no reader.
    source.abort();
    return response;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  try {
    outgoing.writeHead(200, headers);
  } catch (error) {
    // Node refuses a header value the fetch API allowed (a control character): release the subscriber.
    source.abort();
    throw error;
  }
  outgoing.on("drain", () => source.resume());
  // After a normal end this is a no-op: the stream is already `closed`, not `aborted`.
  outgoing.on("close", () => source.abort());
  source.attach(new NodeSink(outgoing));
  // The client may have left while the prelude was read: its `close` has already been emitted.
  if (outgoing.destroyed) source.abort();
  return RESPONSE_ALREADY_SENT;
}

class NodeSink implements DirectSink {
  readonly #response: ServerResponse;

  constructor(response: ServerResponse) {
    this.#response = response;
  }

  write(chunk: Uint8Array): boolean {
    return this.#response.write(chunk);
  }

  end(): void {
    this.#response.end();
  }

  defer(stream: SubscriberStream): void {
    due.push(stream);
    if (due.length > 1) return;
    if (writeBatching.flushMoment() === "after-io") setImmediate(flushDue);
    else process.nextTick(flushDue);
  }
}

/** Where requests come from, which decides when subscriber writes are made (Node's publish path tells it too). */
export const writeBatching = new WriteBatching();

// Streams with deferred writes: one flush serves them all, at the moment `writeBatching` chose for their turn.
let due: SubscriberStream[] = [];

function flushDue(): void {
  const batch = due;
  due = [];
  for (const stream of batch) stream.flushDeferred();
}
