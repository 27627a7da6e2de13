import { expect, it, onTestFinished } from "vitest";
import { type ClientUpdate, type GapInfo, subscribe } from "../src/index.ts";
import { startHub } from "./helpers/hub.ts";
import { tcpProxy } from "./helpers/tcp-proxy.ts";
import { recordingTimers } from "./helpers/timers.ts";
import { take, waitFor, within } from "./helpers/wait.ts";

const topic = "urn:ssehub:test";
const fast = { min: 5, max: 50 };

function lastEventIdHeader(head: string): string | undefined {
  return /^last-event-id: *(.*)$/im.exec(head)?.[1]?.trim();
}

it("proxy cut mid-stream while the hub keeps publishing: every update once, in order, resumed by id", async () => {
  const { hub, port, close } = await startHub({ heartbeat: 0 });
  const proxy = await tcpProxy(port);
  onTestFinished(async () => {
    await Promise.all([proxy.close(), close()]);
  });
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
    // Cut while updates are in flight (once the client holds a resume point); the hub never stops publishing.
    if (n % 15 === 7) {
      await waitFor(() => received.length > 0, "a first update");
      proxy.cut();
    }
    if (n % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await within(consuming, "60 updates through the cut proxy", 20_000);
  expect(received.map((u) => u.id)).toStrictEqual(published);
  expect(received.map((u) => u.data)).toStrictEqual(published.map((_, n) => String(n)));
  expect(proxy.accepted >= 2, `reconnected ${proxy.accepted - 1} times`).toBeTruthy();
  const resumes = proxy.heads.slice(1).map(lastEventIdHeader);
  // An update's id, or the hub's position from the ready marker (`#<epoch>.<seq>`) when no update came since.
  const position = /^#[^.\s]+\.\d+$/;
  expect(
    resumes.every((id) => id !== undefined && (published.includes(id) || position.test(id))),
    `Last-Event-ID on every reconnect: ${resumes}`,
  ).toBeTruthy();
  expect(lastEventIdHeader(proxy.heads[0] ?? "")).toBe(undefined);
});

it("failover: the first hub URL refuses connections, the second (the real hub) serves", async () => {
  const dead = await startHub();
  const deadUrl = dead.url;
  await dead.close();
  const live = await startHub();
  onTestFinished(() => live.close());
  const subscription = subscribe([deadUrl, live.url], { topics: topic, backoff: fast });
  const opened: string[] = [];
  subscription.on("open", (info) => opened.push(info.url));
  await waitFor(() => subscription.state === "open", "open");
  const id = await live.hub.publish({ topics: topic, data: "hello" });
  const [update] = await take(subscription, 1);
  expect(update?.id).toBe(id);
  expect(opened[0]?.startsWith(live.url)).toBeTruthy();
});

it("the hub restarts: the client reconnects by itself and reports the gap", async () => {
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
  onTestFinished(() => second.close());
  await waitFor(() => gaps.length === 1 && subscription.state === "open", "the gap after reconnecting");
  expect(gaps[0]?.lastEventId).toBe(before);
  const afterRestart = await second.hub.publish({ topics: topic, data: "after" });
  await waitFor(() => ids.includes(afterRestart), "an update from the new hub");
  subscription.close();
  expect(timers.pending).toBe(0);
});

it("pull-based: a stalled iterator stops the socket (the hub cuts it, not an eager twin), then resumes", async () => {
  const { hub, url, close } = await startHub({ maxQueue: 1024 * 1024, historySize: 5_000, heartbeat: 0 });
  onTestFinished(close);
  // Both resume from a known id, so even a cut before the first update loses nothing.
  const start = await hub.publish({ topics: topic, data: "start" });
  const stalled = subscribe(url, { topics: topic, lastEventId: start, highWaterMark: 1, backoff: fast });
  const iterator = stalled[Symbol.asyncIterator]();
  const eager = subscribe(url, { topics: topic, lastEventId: start, backoff: fast });
  const eagerIds: string[] = [];
  let eagerOpens = 0;
  eager.on("update", (update) => eagerIds.push(update.id));
  eager.on("open", () => eagerOpens++);
  await waitFor(() => stalled.state === "open" && eager.state === "open", "both open");
  const data = "x".repeat(32 * 1024);
  const published: string[] = [];
  for (let n = 0; n < 2_000 && hub.stats().slowConsumerDisconnects === 0; n++) {
    published.push(await hub.publish({ topics: topic, data: `${n} ${data}` }));
    // Give the sockets a turn, so that only a consumer that does not read falls behind.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  expect(hub.stats().slowConsumerDisconnects, "the stalled subscriber was cut").toBe(1);
  await waitFor(() => eagerIds.length === published.length, "the eager twin to receive everything");
  expect(eagerOpens, "the eager twin was never cut").toBe(1);
  expect(eagerIds).toStrictEqual(published);
  const received: string[] = [];
  while (received.length < published.length) {
    const { value, done } = await within(iterator.next(), "the next update after resuming");
    expect(done).toBe(false);
    received.push((value as ClientUpdate).id);
  }
  expect(received, "after resuming, every update once and in order").toStrictEqual(published);
  await iterator.return?.();
  eager.close();
  expect(stalled.state).toBe("closed");
});
