// The hub of the soak run, in its own Node process started with --expose-gc: anonymous subscribers,
// publishing without a token, a small subscriber queue so that slow readers are cut early, a history that
// the first cycle already fills (so both cycles end with the same amount held). On a "probe"
// message from its parent it collects garbage and answers with its figures.
import { readdirSync } from "node:fs";
import { createHub } from "@ssehub/server";
import { serve } from "@ssehub/server/node";

const maxQueue = Number(process.argv[2] ?? 65_536);
const hub = createHub({
  allowAnonymous: true,
  authorize: () => true,
  maxQueue,
  heartbeat: 1000,
  historySize: 100,
});
const server = await serve({ hub, port: 0, host: "127.0.0.1" });

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run the soak hub with --expose-gc");

process.on("message", (message) => {
  if (message !== "probe") return;
  gc();
  const memory = process.memoryUsage();
  const { connections, queuedBytes, slowConsumerDisconnects, updatesPublished } = hub.stats();
  process.send?.({
    connections,
    queuedBytes,
    slowConsumerDisconnects,
    updatesPublished,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    fds: readdirSync("/proc/self/fd").length,
  });
});
process.send?.({ port: server.port });
