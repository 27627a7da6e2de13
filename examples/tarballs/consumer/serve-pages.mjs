// Serves the Vite build (dist/) beside a hub from the server tarball, with one retained update on
// urn:page, and prints its URL. Runs until it is sent SIGTERM.
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHub } from "@ssehub/server";
import { serve } from "@ssehub/server/node";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css" };
const dist = fileURLToPath(new URL("dist", import.meta.url));
const hub = createHub({ allowAnonymous: true });
await hub.publish({ topics: "urn:page", data: "hello from the hub", retain: true });
const server = await serve({
  hub,
  port: 0,
  fetch: async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith("/.well-known/")) return hub.fetch(request);
    // The URL parser has already resolved every `..` segment: the path stays inside dist/.
    const file = join(dist, pathname);
    try {
      return new Response(await readFile(file), { headers: { "content-type": TYPES[extname(file)] ?? "" } });
    } catch {
      return new Response("not found", { status: 404 });
    }
  },
});
console.log(`pages on ${server.url}/`);
process.on("SIGTERM", async () => {
  await server.close({ timeoutMs: 1000 });
  process.exit(0);
});
