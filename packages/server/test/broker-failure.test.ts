import { describe, expect, it } from "vitest";
import type { Broker } from "../src/core/broker.ts";
import { createMemoryBroker } from "../src/core/memory-broker.ts";
import { withHub } from "./helpers/runtime.ts";
import { postForm } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

/** A memory broker that can be told to fail, as a remote one does when it loses its server. */
function flakyBroker(): Broker & { down: boolean } {
  const inner = createMemoryBroker();
  const broker = {
    ...inner,
    down: false,
    publish: (...args: Parameters<Broker["publish"]>) =>
      broker.down ? Promise.reject(new Error("connection lost")) : inner.publish(...args),
    ready: () => !broker.down,
  };
  return broker;
}

describe("a broker that fails", () => {
  it("turns a publish into 503 broker-failed with Retry-After, and /readyz into 503 while not ready", async () => {
    const broker = flakyBroker();
    await withHub({ jwtKey: KEY, broker }, async ({ endpoint, url, hub }) => {
      const headers = bearer(await token07({ publish: ["*"] }));
      expect(
        (
          await postForm(
            endpoint,
            [
              ["topic", "/t"],
              ["data", "a"],
            ],
            headers,
          )
        ).status,
      ).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      broker.down = true;
      const refused = await postForm(
        endpoint,
        [
          ["topic", "/t"],
          ["data", "b"],
        ],
        headers,
      );
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(JSON.parse(refused.body)).toEqual({
        error: "broker-failed",
        message: "the update could not be stored: connection lost",
      });
      await expect(hub.publish({ topics: "/t", data: "c" })).rejects.toMatchObject({ status: 503 });
      const readyz = await fetch(`${url}/readyz`);
      expect([readyz.status, await readyz.text()]).toEqual([503, "broker unavailable\n"]);
      broker.down = false;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    });
  });
});
