// The hub under test, on whichever runtime runs this file: anonymous subscribers, publishing allowed
// without a token (the authorize hook), history on as by default.
import { createHub } from "@ssehub/server";

const hub = createHub({ allowAnonymous: true, authorize: () => true });
const runtime = globalThis as { Bun?: unknown; Deno?: unknown };
const entry = runtime.Bun
  ? "@ssehub/server/bun"
  : runtime.Deno
    ? "@ssehub/server/deno"
    : "@ssehub/server/node";
const { serve } = (await import(entry)) as typeof import("@ssehub/server/node");
const server = await serve({ hub, port: 0, host: "127.0.0.1" });
console.log(`LISTENING ${server.port}`);
