import { describe, expect, it } from "vitest";
import type { Broker } from "../src/core/broker.ts";
import { createMemoryBroker } from "../src/core/memory-broker.ts";
import type { Logger } from "../src/types.ts";
import { runtimeName, withHub } from "./helpers/runtime.ts";
import { openStream, postForm } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

const open = { allowAnonymous: true, heartbeat: 0, jwtKey: KEY };
const publisher = async () => bearer(await token07({ publish: ["*"] }));

/** A logger that keeps the error lines, to check what the hub reported. */
function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  const ignore = (): void => undefined;
  return { errors, debug: ignore, info: ignore, warn: ignore, error: (message) => errors.push(message) };
}

/** The memory broker with one operation made to fail. */
function failingBroker(operation: "publish" | "readSince"): Broker {
  const broker = createMemoryBroker();
  return { ...broker, [operation]: () => Promise.reject(new Error(`${operation}: the store is down`)) };
}

describe(`hooks that throw and a broker that fails, on ${runtimeName}`, () => {
  it("onPublish and onSubscribe throwing are logged and change nothing for any subscriber", async () => {
    const logger = recordingLogger();
    const hooks = {
      onPublish: () => {
        throw new Error("onPublish broke");
      },
      onSubscribe: () => {
        throw new Error("onSubscribe broke");
      },
    };
    await withHub({ ...open, ...hooks, logger }, async ({ endpoint, hub }) => {
      const first = await openStream(`${endpoint}?topic=a`);
      const second = await openStream(`${endpoint}?topic=a`);
      expect([first.response.status, second.response.status]).toStrictEqual([200, 200]);
      await Promise.all([first.waitForEvent("ssehub-ready"), second.waitForEvent("ssehub-ready")]);
      const published = await postForm(
        endpoint,
        [
          ["topic", "a"],
          ["data", "still delivered"],
        ],
        await publisher(),
      );
      expect(published.status).toBe(200);
      expect(await hub.publish({ topics: "a", data: "and again" })).toMatch(/^urn:uuid:/);
      for (const stream of [first, second]) {
        expect((await stream.waitForUpdates(2)).map((event) => event.data)).toStrictEqual([
          "still delivered",
          "and again",
        ]);
      }
      expect(logger.errors.filter((line) => line === "onSubscribe hook threw")).toHaveLength(2);
      expect(logger.errors.filter((line) => line === "onPublish hook threw")).toHaveLength(2);
      await Promise.all([first.close(), second.close()]);
    });
  });

  it("authorize throwing fails that request alone (500, logged); other subscribers keep receiving", async () => {
    const logger = recordingLogger();
    const authorize = ({ topics }: { topics: string[] }) => {
      if (topics.includes("boom")) throw new Error("authorize broke");
      return undefined;
    };
    await withHub({ ...open, authorize, logger }, async ({ endpoint, hub }) => {
      const bystander = await openStream(`${endpoint}?topic=a`);
      await bystander.waitForEvent("ssehub-ready");
      const failed = await fetch(`${endpoint}?topic=boom`);
      expect(failed.status).toBe(500);
      expect(await failed.json()).toMatchObject({ error: "internal" });
      expect(logger.errors).toContain("request failed");
      await hub.publish({ topics: "a", data: "unaffected" });
      expect((await bystander.waitForUpdates(1)).map((event) => event.data)).toStrictEqual(["unaffected"]);
      expect(hub.stats().connections).toBe(1);
      await bystander.close();
    });
  });

  it("a broker that cannot store an update: the publish gets 503 broker-failed, nothing is dispatched", async () => {
    await withHub({ ...open, broker: failingBroker("publish") }, async ({ endpoint, hub }) => {
      const stream = await openStream(`${endpoint}?topic=a`);
      await stream.waitForEvent("ssehub-ready");
      const published = await postForm(
        endpoint,
        [
          ["topic", "a"],
          ["data", "lost?"],
        ],
        await publisher(),
      );
      expect(published.status).toBe(503);
      expect(JSON.parse(published.body)).toMatchObject({ error: "broker-failed" });
      await expect(hub.publish({ topics: "a", data: "x" })).rejects.toMatchObject({
        name: "HubError",
        status: 503,
        code: "broker-failed",
      });
      expect(stream.updates()).toStrictEqual([]);
      await stream.close();
    });
  });

  it("a broker that cannot read the history: the subscribe gets 503 broker-failed and leaves nothing behind", async () => {
    await withHub({ ...open, broker: failingBroker("readSince") }, async ({ endpoint, hub }) => {
      const response = await fetch(`${endpoint}?topic=a`, { headers: { "last-event-id": "earliest" } });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: "broker-failed" });
      expect(hub.stats().connections).toBe(0);
    });
  });
});
