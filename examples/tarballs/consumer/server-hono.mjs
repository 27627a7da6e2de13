// @ssehub/server from its tarball, embedded in a Hono app under /hub and served by the runtime's serve():
// a subscriber reads an update published through the app's own route. Prints the data it received.
import { createHub } from "@ssehub/server";
import { serve } from "@ssehub/server/serve";
import { Hono } from "hono";

const hub = createHub({ allowAnonymous: true });
const app = new Hono();
app.route("/hub", hub.app);
app.post("/like", async (c) => c.text(await hub.publish({ topics: "urn:likes", data: "liked" })));
const server = await serve({ hub, fetch: app.fetch, port: 0 });
try {
  const response = await fetch(`${server.url}/hub/.well-known/mercure?topic=urn:likes`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("event: ssehub-ready")) text += (await reader.read()).value;
  const id = await (await fetch(`${server.url}/like`, { method: "POST" })).text();
  while (!text.includes(`id: ${id}\ndata: liked\n\n`)) text += (await reader.read()).value;
  await reader.cancel();
  console.log("received liked");
} finally {
  await server.close({ timeoutMs: 1000 });
}
