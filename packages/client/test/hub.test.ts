import assert from "node:assert/strict";
import { after, test } from "node:test";
import { type ClientUpdate, type GapInfo, subscribe } from "../src/index.ts";
import { startHub } from "./helpers/hub.ts";
import { tcpProxy } from "./helpers/tcp-proxy.ts";
import { recordingTimers } from "./helpers/timers.ts";
import { waitFor } from "./helpers/wait.ts";

const topic = "urn:ssehub:test";
const fast = { min: 5, max: 50 };

function lastEventIdHeader(head: string): string | undefined {
  return /^last-event-id: *(.*)$/im.exec(head)?.[1]?.trim();
}

test("proxy cut mid-stream while the hub keeps publishing: every update once, in order, resumed by id", async () => {
  const { hub, port, close } = await startHub({ heartbeat: 0 });
  const proxy = await tcpProxy(port);
  after(() => Promise.all([proxy.close(), close()]));
  const subscription = subscribe(`http://127.0.0.1:${proxy.port}/.well-known/mercure`, {
    topics: topic,
    backoff: fast,
  });
  const received: ClientUpdate[] = [];
  const consuming = (async () => {
    for await (const update of subscription) {
      received.push(update);
      if (received.length === 60) break;
    }
  })();
  await waitFor(() => subscription.state === "open", "open");
  const published: string[] = [];
  for (let n = 0; n < 60; n++) {
    published.push(await hub.publish({ topics: topic, data: String(n) }));
    // Cut while updates are in flight; the hub never stops publishing.
    if (n % 15 === 7) proxy.cut();
    if (n % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await consuming;
  assert.deepEqual(
    received.map((u) => u.id),
    published,
  );
  assert.deepEqual(
    received.map((u) => u.data),
    published.map((_, n) => String(n)),
  );
  assert.ok(proxy.accepted >= 2, `reconnected ${proxy.accepted - 1} times`);
  const resumes = proxy.heads.slice(1).map(lastEventIdHeader);
  assert.ok(
    resumes.every((id) => id !== undefined && published.includes(id)),
    `Last-Event-ID on every reconnect: ${resumes}`,
  );
  assert.equal(lastEventIdHeader(proxy.heads[0] ?? ""), undefined);
});

test("failover: the first hub URL refuses connections, the second (the real hub) serves", async () => {
  const dead = await startHub();
  const deadUrl = dead.url;
  await dead.close();
  const live = await startHub();
  after(() => live.close());
  const subscription = subscribe([deadUrl, live.url], { topics: topic, backoff: fast });
  const opened: string[] = [];
  subscription.on("open", (info) => opened.push(info.url));
  await waitFor(() => subscription.state === "open", "open");
  const id = await live.hub.publish({ topics: topic, data: "hello" });
  const [update] = await takeOne(subscription);
  assert.equal(update?.id, id);
  assert.ok(opened[0]?.startsWith(live.url));
});

test("the hub restarts: the client reconnects by itself and reports the gap", async () => {
  const first = await startHub();
  const timers = recordingTimers(0.01);
  const subscription = subscribe(first.url, { topics: topic, backoff: fast, timers, heartbeatTimeout: 0 });
  const gaps: GapInfo[] = [];
  const ids: string[] = [];
  subscription.on("gap", (gap) => gaps.push(gap));
  subscription.on("update", (update) => ids.push(update.id));
  await waitFor(() => subscription.state === "open", "open");
  const before = await first.hub.publish({ topics: topic, data: "before" });
  await waitFor(() => ids.includes(before), "the first update");
  await first.close();
  const second = await startHub({}, first.port);
  after(() => second.close());
  await waitFor(() => gaps.length === 1 && subscription.state === "open", "the gap after reconnecting");
  assert.equal(gaps[0]?.lastEventId, before);
  const afterRestart = await second.hub.publish({ topics: topic, data: "after" });
  await waitFor(() => ids.includes(afterRestart), "an update from the new hub");
  subscription.close();
  assert.equal(timers.pending, 0);
});

test("pull-based: a consumer that stops pulling stops the socket, so the hub's slow-consumer rule applies", async () => {
  const { hub, url, close } = await startHub({ maxQueue: 64 * 1024, historySize: 1_000, heartbeat: 0 });
  after(close);
  const subscription = subscribe(url, { topics: topic, highWaterMark: 1, backoff: fast });
  const iterator = subscription[Symbol.asyncIterator]();
  await waitFor(() => subscription.state === "open", "open");
  const data = "x".repeat(32 * 1024);
  const published: string[] = [];
  for (let n = 0; n < 400 && hub.stats().slowConsumerDisconnects === 0; n++) {
    published.push(await hub.publish({ topics: topic, data: `${n} ${data}` }));
  }
  await waitFor(() => hub.stats().slowConsumerDisconnects >= 1, "the hub to drop the stalled subscriber");
  const received: string[] = [];
  while (received.length < published.length) {
    const { value, done } = await iterator.next();
    assert.equal(done, false);
    received.push((value as ClientUpdate).id);
  }
  assert.deepEqual(received, published, "after resuming, every update once and in order");
  await iterator.return?.();
  assert.equal(subscription.state, "closed");
});

async function takeOne(subscription: AsyncIterable<ClientUpdate>): Promise<ClientUpdate[]> {
  for await (const update of subscription) return [update];
  return [];
}
