import { randomUUID } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface MercureServer {
  /** The hub endpoint, `http://127.0.0.1:<port>/.well-known/mercure`. */
  url: string;
  port: number;
  /** Open subscriber streams right now. */
  readonly subscribers: number;
  close(): Promise<void>;
}

interface Stored {
  id: string;
  topic: string;
  frame: string;
}

/**
 * A minimal hub that speaks plain Mercure and nothing of ssehub (no greeting comment, no `ssehub-ready`, no
 * `ssehub-gap`, no retained state): exact `topic=` selectors, form publish with generated `urn:uuid:` ids,
 * `Last-Event-ID` resume from an in-memory history, and `Link: rel="mercure"` on `/`. Enough to show that
 * the client needs none of the extensions.
 */
export async function mercureServer(): Promise<MercureServer> {
  const history: Stored[] = [];
  const streams = new Map<ServerResponse, string[]>();
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    if (url.pathname !== "/.well-known/mercure") {
      response.writeHead(200, { link: '</.well-known/mercure>; rel="mercure"' });
      response.end("a resource");
      return;
    }
    if (request.method === "POST") {
      let body = "";
      request.setEncoding("utf8");
      request.on("data", (chunk: string) => {
        body += chunk;
      });
      request.on("end", () => {
        const form = new URLSearchParams(body);
        const topic = form.get("topic") ?? "";
        const id = form.get("id") ?? `urn:uuid:${randomUUID()}`;
        const type = form.get("type");
        const data = (form.get("data") ?? "").split("\n").map((line) => `data: ${line}\n`);
        const frame = `${type ? `event: ${type}\n` : ""}id: ${id}\n${data.join("")}\n`;
        history.push({ id, topic, frame });
        for (const [stream, topics] of streams) if (topics.includes(topic)) stream.write(frame);
        response.writeHead(200, { "content-type": "text/plain" });
        response.end(id);
      });
      return;
    }
    const topics = url.searchParams.getAll("topic");
    const lastEventId = request.headers["last-event-id"];
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    response.write(":\n\n");
    const after = history.findIndex((stored) => stored.id === lastEventId);
    if (after >= 0) {
      for (const stored of history.slice(after + 1))
        if (topics.includes(stored.topic)) response.write(stored.frame);
    }
    streams.set(response, topics);
    response.on("close", () => streams.delete(response));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/mercure`,
    port,
    get subscribers() {
      return streams.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
