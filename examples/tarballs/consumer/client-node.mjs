// @ssehub/client from its tarball in a Node script, against a hub from the server tarball: publish with a
// signed token, receive it on a subscription. Prints what it received.
import { publish, subscribe } from "@ssehub/client";
import { createHub, signToken } from "@ssehub/server";
import { serve } from "@ssehub/server/node";

const key = "a-development-key-of-32-bytes-at-least";
const server = await serve({ hub: createHub({ allowAnonymous: true, jwtKey: key }), port: 0 });
try {
  const hub = `${server.url}/.well-known/mercure`;
  const token = await signToken(key, undefined, { publish: ["*"] });
  const subscription = subscribe(hub, { topics: "urn:node", json: true });
  subscription.on("open", () => publish(hub, { topics: "urn:node", data: { from: "node" } }, { token }));
  for await (const update of subscription) {
    console.log(`received ${JSON.stringify(update.json)}`);
    break;
  }
} finally {
  await server.close({ timeoutMs: 1000 });
}
