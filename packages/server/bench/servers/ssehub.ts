// The hub under test, on whichever runtime runs this file: anonymous subscribers, history on as by default.
// Publishers need a token signed with BENCH_JWT_KEY when it is set (the publish benchmark), and none otherwise
// (the authorize hook, for the fan-out benchmark). With BENCH_REDIS=<url> it is one node of a hub on that Redis.
// A publish rate is on (off by default) so that its cost is measured: a million per second per publisher, which
// no load here reaches, so every publish is counted and none refused.
import { createHub } from "@ssehub/server";

const jwtKey = process.env.BENCH_JWT_KEY;
const redis = process.env.BENCH_REDIS;
const broker = redis
  ? await (await import("@ssehub/server/redis")).createRedisBroker({ url: redis })
  : undefined;
const hub = createHub({
  publishRate: 1_000_000,
  ...(jwtKey ? { allowAnonymous: true, jwtKey } : { allowAnonymous: true, authorize: () => true }),
  ...(broker && { broker }),
});
const runtime = globalThis as { Bun?: unknown; Deno?: unknown };
const entry = runtime.Bun
  ? "@ssehub/server/bun"
  : runtime.Deno
    ? "@ssehub/server/deno"
    : "@ssehub/server/node";
const { serve } = (await import(entry)) as typeof import("@ssehub/server/node");
const server = await serve({ hub, port: 0, host: "127.0.0.1" });
console.log(`LISTENING ${server.port}`);
