import { describe, expect, it } from "vitest";
import { createRedisBroker, type RedisBroker } from "../src/redis/index.ts";
import { type RedisProcess, redisSkip, startRedis } from "./helpers/redis-server.ts";
import { type TestHub, withHub } from "./helpers/runtime.ts";
import { openStream, postForm, type Stream } from "./helpers/sse.ts";
import { startTcpProxy } from "./helpers/tcp-proxy.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const skip = redisSkip !== false;

/** Two in-process hub nodes on one Redis, the first through `url` (a proxy), with short watchdogs. */
async function withNodes(
  redis: RedisProcess,
  firstUrl: string,
  body: (first: TestHub, second: TestHub, brokers: RedisBroker[]) => Promise<void>,
): Promise<void> {
  const open = (url: string) => createRedisBroker({ url, prefix: "p", block: 300, commandTimeout: 700 });
  const brokers = [await open(firstUrl), await open(redis.url)];
  try {
    const options = { jwtKey: KEY, allowAnonymous: true };
    await withHub({ ...options, broker: brokers[0] }, (first) =>
      withHub({ ...options, broker: brokers[1] }, (second) => body(first, second, brokers)),
    );
  } finally {
    await Promise.all(brokers.map((broker) => broker.close()));
  }
}

/** Resolves once `check()` resolves true (polled every 50 ms); fails naming `what` after `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function ready(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  const stream = await openStream(url, { headers });
  expect(stream.response.status).toBe(200);
  await stream.waitForEvent("ssehub-ready");
  return stream;
}

describe.skipIf(skip)("a hub node that loses Redis", () => {
  for (const kind of ["cut", "freeze"] as const) {
    it(`${kind === "cut" ? "cut off" : "half-open"}: 503 on publish and /readyz, subscribers kept, then caught up once`, async () => {
      const redis = await startRedis();
      const proxy = await startTcpProxy(() => [redis.port]);
      try {
        await withNodes(redis, `redis://127.0.0.1:${proxy.port}`, async (first, second) => {
          const token = await token07({ publish: ["*"] });
          const stream = await ready(`${first.endpoint}?topic=/p`);
          const publish = (node: TestHub, data: string) =>
            postForm(
              node.endpoint,
              [
                ["topic", "/p"],
                ["data", data],
              ],
              bearer(token),
            );
          const before = await publish(second, "before");
          expect(before.status).toBe(200);
          await stream.waitForUpdates(1);
          proxy[kind]();
          const readyz = async () => (await fetch(`${first.url}/readyz`)).status;
          // A cut closes the sockets; a half-open link says nothing, so only the watchdog can notice.
          await eventually(async () => (await readyz()) === 503, "/readyz to answer 503");
          const refused = await publish(first, "refused");
          expect(refused.status).toBe(503);
          expect(refused.headers.get("retry-after")).toBe("1");
          expect(JSON.parse(refused.body)).toMatchObject({ error: "broker-failed" });
          const meanwhile: string[] = [];
          for (let i = 0; i < 5; i++) {
            const answer = await publish(second, `meanwhile ${i}`);
            expect(answer.status).toBe(200);
            meanwhile.push(answer.body);
          }
          expect(stream.ended()).toBe(false);
          proxy.restore();
          await stream.waitForUpdates(6, 10_000);
          await eventually(async () => (await readyz()) === 200, "/readyz to answer 200 again");
          expect(stream.updates().map((event) => event.lastEventId)).toEqual([before.body, ...meanwhile]);
          const after = await publish(first, "after");
          expect(after.status).toBe(200);
          await stream.waitForUpdates(7);
          expect(stream.updates().length).toBe(7);
          await stream.close();
        });
      } finally {
        await proxy.close();
        await redis.stop();
      }
    }, 30_000);
  }

  it("after Redis comes back empty, a resume from before gets ssehub-gap and the order goes on", async () => {
    const redis = await startRedis();
    let again: RedisProcess | undefined;
    try {
      await withNodes(redis, redis.url, async (first, second) => {
        const token = await token07({ publish: ["*"] });
        const before = await postForm(
          first.endpoint,
          [
            ["topic", "/g"],
            ["data", "old"],
          ],
          bearer(token),
        );
        expect(before.status).toBe(200);
        const stream = await ready(`${second.endpoint}?topic=/g`, { "last-event-id": "earliest" });
        const position = stream.events.find((event) => event.type === "ssehub-ready")!.lastEventId;
        await redis.kill();
        again = await startRedis({ port: redis.port });
        await eventually(async () => {
          const answer = await postForm(
            first.endpoint,
            [
              ["topic", "/g"],
              ["data", "new"],
            ],
            bearer(token),
          );
          return answer.status === 200;
        }, "a publish accepted by the empty Redis");
        await stream.waitForUpdates(2, 10_000);
        expect(stream.updates().map((event) => event.data)).toEqual(["old", "new"]);
        for (const lastEventId of [position, before.body]) {
          const resumed = await ready(`${first.endpoint}?topic=/g`, { "last-event-id": lastEventId });
          const gap = resumed.events.find((event) => event.type === "ssehub-gap");
          expect(JSON.parse(gap!.data)).toMatchObject({ lastEventId });
          await resumed.close();
        }
        await stream.close();
      });
    } finally {
      await again?.stop();
      await redis.stop();
    }
  }, 30_000);
});
