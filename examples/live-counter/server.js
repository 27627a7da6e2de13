// The smallest cross-client counter on ssehub: every second the hub publishes the time, and each click on
// the page publishes the new count. Plain JavaScript, no build step: `node server.js`, `bun server.js` or
// `deno run -A server.js` (the README). PORT picks the port (0: any free one); the URL is printed.
import { readFileSync } from "node:fs";
import process from "node:process";
import { createHub } from "@ssehub/server";
import { serve } from "@ssehub/server/serve";

const topic = "urn:example:live-counter";
const page = readFileSync(new URL("./index.html", import.meta.url), "utf8");
const hub = createHub({ allowAnonymous: true });
let count = 0;

// Each update carries the whole state, retained: a page that opens later starts from the latest one.
const broadcast = () =>
  hub.publish({
    topics: topic,
    data: JSON.stringify({ count, time: new Date().toISOString() }),
    retain: true,
  });

const server = await serve({
  hub,
  port: Number(process.env.PORT ?? 8080),
  fetch: async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/")
      return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
    if (pathname === "/click" && request.method === "POST") {
      count += 1;
      await broadcast();
      return new Response(null, { status: 204 });
    }
    return hub.fetch(request);
  },
});
const ticker = setInterval(broadcast, 1000);
await broadcast();
console.log(`live counter on ${server.url}/`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    clearInterval(ticker);
    await server.close({ timeoutMs: 1000 });
    process.exit(0);
  });
}
