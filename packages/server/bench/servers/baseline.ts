// The benchmark's baseline: the smallest honest SSE broadcaster on raw node:http. Subscribers GET /sse;
// POST /publish writes the body as one event to every open response. No topics, history or auth.
import { createServer, type ServerResponse } from "node:http";

const subscribers = new Set<ServerResponse>();
let nextId = 0;

const server = createServer((req, res) => {
  if (req.method === "GET") {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write(":\n\n");
    subscribers.add(res);
    req.on("close", () => subscribers.delete(res));
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const id = String(nextId++);
    const frame = `id: ${id}\ndata: ${Buffer.concat(chunks).toString()}\n\n`;
    for (const subscriber of subscribers) subscriber.write(frame);
    res.writeHead(200, { "content-type": "text/plain" }).end(id);
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") console.log(`LISTENING ${address.port}`);
});
