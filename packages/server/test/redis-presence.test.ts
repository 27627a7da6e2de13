import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { createRedisBroker, type RedisBroker } from "../src/redis/index.ts";
import { cliSkip, PACKAGE_ROOT } from "./fixtures/cli-process.ts";
import { type RedisProcess, redisSkip, startRedis } from "./helpers/redis-server.ts";
import { type TestHub, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, type Stream } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const skip = redisSkip !== false;
const LEASE = 600;
const EVENTS = "/.well-known/mercure/subscriptions{/topic}{/subscriber}";

/** An in-process hub node with subscription events on, on `redis`. */
async function withNode(redis: RedisProcess, body: (node: TestHub, broker: RedisBroker) => Promise<void>) {
  const broker = await createRedisBroker({ url: redis.url, prefix: "p", leaseTtl: LEASE, block: 300 });
  try {
    await withHub({ jwtKey: KEY, allowAnonymous: true, subscriptions: true, broker }, (node) =>
      body(node, broker),
    );
  } finally {
    await broker.close();
  }
}

/** A stream of every subscription event, opened and ready. */
async function watchPresence(node: TestHub): Promise<Stream> {
  const token = await token07({ subscribe: ["*"] });
  const stream = await openStream(`${node.endpoint}?topic=${encodeURIComponent(EVENTS)}`, {
    headers: bearer(token),
  });
  expect(stream.response.status).toBe(200);
  await stream.waitForEvent("ssehub-ready");
  return stream;
}

/** The subscription documents of the events received, in order. */
function documents(stream: Stream): { subscriber: string; topic: string; active: boolean }[] {
  return stream.updates().map((event) => JSON.parse(event.data));
}

describe.skipIf(skip)("presence and figures across hub nodes", () => {
  it("subscriptions, subscription events and figures of every node, from any node", async () => {
    const redis = await startRedis();
    try {
      await withNode(redis, (first, firstBroker) =>
        withNode(redis, async (second, secondBroker) => {
          const watcher = await watchPresence(second);
          const chat = await openStream(`${first.endpoint}?topic=/chat`);
          await chat.waitForEvent("ssehub-ready");
          await waitFor(
            () => documents(watcher).some((d) => d.topic === "/chat" && d.active),
            "the active event",
          );
          const subscriber = documents(watcher).find((d) => d.topic === "/chat")!.subscriber;
          const token = await token07({ subscribe: ["*"] });
          const listing = await (
            await fetch(`${second.endpoint}/subscriptions`, { headers: bearer(token) })
          ).json();
          expect(listing.subscriptions.map((d: { subscriber: string }) => d.subscriber)).toContain(
            subscriber,
          );
          await waitFor(
            () => second.hub.stats().cluster?.connections === 2,
            "cluster totals on the second node (a watcher there, a chat subscriber on the first)",
          );
          const cluster = second.hub.stats().cluster!;
          expect(cluster.node).toBe(secondBroker.cluster.node);
          const byNode = Object.fromEntries(cluster.nodes.map((n) => [n.node, n.connections]));
          expect(byNode).toEqual({ [firstBroker.cluster.node]: 1, [secondBroker.cluster.node]: 1 });
          const metrics = await (await fetch(`${second.url}/metrics`)).text();
          expect(metrics).toContain(`ssehub_node_connections{node="${firstBroker.cluster.node}"} 1\n`);
          await chat.close();
          await waitFor(
            () => documents(watcher).some((d) => d.subscriber === subscriber && !d.active),
            "the inactive event once the chat subscriber left",
          );
          await watcher.close();
        }),
      );
    } finally {
      await redis.stop();
    }
  }, 30_000);

  it.skipIf(cliSkip)(
    "a SIGKILLed node's subscribers are reported inactive by a survivor once its lease ends",
    async () => {
      const redis = await startRedis();
      const victim = spawnNode(redis.url);
      try {
        const url = await victim.url;
        await withNode(redis, async (survivor) => {
          const watcher = await watchPresence(survivor);
          const chat = await openStream(`${url}/.well-known/mercure?topic=/chat`);
          await chat.waitForEvent("ssehub-ready");
          await waitFor(
            () => documents(watcher).some((d) => d.topic === "/chat" && d.active),
            "the active event",
          );
          victim.child.kill("SIGKILL");
          await waitFor(
            () => documents(watcher).some((d) => d.topic === "/chat" && !d.active),
            "the inactive event from the survivor",
            10_000,
          );
          expect(
            documents(watcher)
              .filter((d) => d.topic === "/chat")
              .map((d) => d.active),
          ).toEqual([true, false]);
          const token = await token07({ subscribe: ["*"] });
          const listing = await (
            await fetch(`${survivor.endpoint}/subscriptions`, { headers: bearer(token) })
          ).json();
          expect(listing.subscriptions.filter((d: { topic: string }) => d.topic === "/chat")).toEqual([]);
          await chat.close();
          await watcher.close();
        });
      } finally {
        victim.child.kill("SIGKILL");
        await redis.stop();
      }
    },
    30_000,
  );
});

/** A hub node in its own Node process (built code), so that it can be SIGKILLed. */
function spawnNode(redisUrl: string) {
  const dist = (path: string) => pathToFileURL(join(PACKAGE_ROOT, "dist", path)).href;
  const code = `
    import { createHub } from ${JSON.stringify(dist("index.js"))};
    import { createRedisBroker } from ${JSON.stringify(dist("redis/index.js"))};
    import { serve } from ${JSON.stringify(dist("runtime/node.js"))};
    const broker = await createRedisBroker({ url: ${JSON.stringify(redisUrl)}, prefix: "p", leaseTtl: ${LEASE} });
    const hub = createHub({ jwtKey: ${JSON.stringify(KEY)}, allowAnonymous: true, subscriptions: true, broker });
    const server = await serve({ hub, port: 0, host: "127.0.0.1" });
    console.log("listening on " + server.url);
  `;
  const child = spawn("node", ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  const url = waitFor(
    () => /listening on \S+/.test(out) || child.exitCode !== null,
    "the node to listen",
    10_000,
  ).then(() => {
    const match = /listening on (\S+)/.exec(out);
    if (match === null) throw new Error(`the node exited (${child.exitCode})`);
    return match[1]!;
  });
  return { child, url };
}
