/// <reference types="node" />
import { ServerResponse } from "node:http";
import type { Http2Bindings, HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { directSource } from "../core/subscriber-stream.ts";

/**
 * Node fast path: a subscriber body is written straight to Node's response instead of through a Web Stream
 * pump (one promise and one read per write saved), with Node's own backpressure (`write()` false → wait for
 * `drain`, the updates meanwhile joined into one write). Other responses go the usual way.
 */
export function sendDirect(response: Response, env: HttpBindings | Http2Bindings | undefined): Response {
  const source = directSource(response.body);
  // HTTP/2 responses keep the stream pump (their write/drain contract differs).
  const outgoing = env?.outgoing;
  if (source === undefined || source.state !== "open" || !(outgoing instanceof ServerResponse))
    return response;
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  outgoing.writeHead(response.status, headers);
  outgoing.on("drain", () => source.resume());
  // After a normal end this is a no-op: the stream is already `closed`, not `aborted`.
  outgoing.on("close", () => source.abort());
  source.attach({
    write: (chunk) => outgoing.write(chunk),
    end: () => outgoing.end(),
    destroy: () => outgoing.destroy(),
  });
  return RESPONSE_ALREADY_SENT;
}
