import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A request as the raw server saw it. */
export interface SeenRequest {
  url: string;
  headers: IncomingMessage["headers"];
}

export interface RawServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  requests: SeenRequest[];
  /** Open sockets right now (to check a client left nothing behind). */
  readonly sockets: number;
  close(): Promise<void>;
}

export type RawHandler = (request: IncomingMessage, response: ServerResponse, index: number) => void;

/**
 * A small node:http server (node:http runs on Node, Bun and Deno) for the cases the real hub cannot
 * produce: scripted bytes, odd statuses and headers.
 */
export async function rawServer(handler: RawHandler): Promise<RawServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const index = requests.length;
    requests.push({ url: request.url ?? "", headers: request.headers });
    handler(request, response, index);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    get sockets() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Starts an SSE response and writes `chunks` (each flushed on its own). */
export function sse(response: ServerResponse, chunks: (string | Uint8Array)[] = [], end = false): void {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
  response.flushHeaders();
  for (const chunk of chunks) response.write(chunk);
  if (end) response.end();
}
