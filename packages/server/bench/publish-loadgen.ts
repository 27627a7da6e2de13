// Load generator of the publish benchmark, run as its own Node process: S subscribers that read and discard,
// then P keep-alive connections posting form publishes back to back for a fixed time, each with a bearer
// token (one shared, or one of many distinct ones, in turn). Counts the publishes answered 200 and reads the
// server's CPU time from /proc, so every server is measured the same way.
import { Agent } from "node:http";
import { connect, type Socket } from "node:net";
import { signToken } from "../src/auth/sign.ts";
import { post } from "./post.ts";
import { cpuMicros } from "./proc-stats.ts";

/** What the orchestrator asks of one run. */
export interface PublishLoadSpec {
  port: number;
  serverPid: number;
  subscribePath: string;
  publishPath: string;
  subscribers: number;
  /** Connections publishing back to back (1 = a single sequential publisher). */
  publishers: number;
  seconds: number;
  /** HMAC secret the publisher tokens are signed with. */
  key: string;
  /** Distinct tokens, used in turn (each with its own `sub`); more than the hub caches means none is cached. */
  tokenCount: number;
}

/** What one run reports. */
export interface PublishLoadResult {
  accepted: number;
  refused: number;
  seconds: number;
  serverCpuMicros: number;
}

// Unmeasured warm-up, the same for every server: a count of publishes, since V8 and JavaScriptCore tier code up
// by how much it ran, not by time. After one second, ssehub on Node with one sequential publisher (~8,000/s)
// was still compiling in the background (166 TurboFan compilations over the next 4 s, a fifth of its CPU).
const WARM_UP_PUBLISHES = 40_000;
const WARM_UP_MAX_SECONDS = 15;

const spec = JSON.parse(process.argv[2] ?? "{}") as PublishLoadSpec;
const tokens = await Promise.all(
  Array.from({ length: spec.tokenCount }, (_, i) =>
    signToken(spec.key, "HS256", { publish: ["*"], subject: `publisher-${i}` }),
  ),
);
// Each header value made once, flat (a copy, not a joined string that every request would flatten again): with
// 50,000 tokens, building it per request cost the load generator ~10% of its publishes/s, which left every
// server waiting on it.
const authorizations = tokens.map((token) => Buffer.from(`Bearer ${token}`, "latin1").toString("latin1"));

function openSubscriber(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: spec.port, host: "127.0.0.1" }, () => {
      socket.write(
        `GET ${spec.subscribePath} HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: text/event-stream\r\n\r\n`,
      );
    });
    socket.once("data", () => resolve(socket));
    socket.on("data", () => {}); // read and discard
    socket.on("error", reject);
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: spec.publishers });
const payload = `{"pad":"${"x".repeat(100)}"}`;
const body = `topic=bench&data=${encodeURIComponent(payload)}`;
let nextToken = 0;

async function publishOne(): Promise<boolean> {
  const authorization = authorizations[nextToken++ % authorizations.length]!;
  const status = await post(agent, spec.port, spec.publishPath, body, {
    authorization,
    "content-type": "application/x-www-form-urlencoded",
  });
  return status === 200;
}

/** Publishes from every connection back to back for `seconds` or until `most` were sent; counts the answers. */
async function publishFor(
  seconds: number,
  most = Number.POSITIVE_INFINITY,
): Promise<{ accepted: number; refused: number }> {
  const counts = { accepted: 0, refused: 0 };
  const end = performance.now() + seconds * 1000;
  let sent = 0;
  await Promise.all(
    Array.from({ length: spec.publishers }, async () => {
      while (performance.now() < end && sent++ < most) {
        if (await publishOne()) counts.accepted++;
        else counts.refused++;
      }
    }),
  );
  return counts;
}

const sockets = await Promise.all(Array.from({ length: spec.subscribers }, openSubscriber));
await publishFor(WARM_UP_MAX_SECONDS, WARM_UP_PUBLISHES);
const cpu0 = cpuMicros(spec.serverPid);
const t0 = performance.now();
const { accepted, refused } = await publishFor(spec.seconds);
const result: PublishLoadResult = {
  accepted,
  refused,
  seconds: (performance.now() - t0) / 1000,
  serverCpuMicros: cpuMicros(spec.serverPid) - cpu0,
};
console.log(JSON.stringify(result));
for (const socket of sockets) socket.destroy();
agent.destroy();
