import { describe, expect, it } from "vitest";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream } from "./helpers/sse.ts";

describe(`connection limit on ${runtimeName}`, () => {
  it("past maxConnections a subscriber gets 503 with Retry-After and a JSON reason; a freed slot is reusable", async () => {
    await withHub({ allowAnonymous: true, maxConnections: 2 }, async ({ endpoint, hub }) => {
      const first = await openStream(`${endpoint}?topic=a`);
      const second = await openStream(`${endpoint}?topic=b`);
      expect(hub.stats().connections).toBe(2);
      const refused = await fetch(`${endpoint}?topic=c`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("5");
      expect(refused.headers.get("content-type")!).toMatch(/^application\/json/);
      const body = await refused.json();
      expect(body.error).toBe("too-many-connections");
      expect(typeof body.message).toBe("string");
      expect(hub.stats().connections).toBe(2);
      // Publishing is not a subscriber connection: still allowed.
      await hub.publish({ topics: "a", data: "still live" });
      await first.waitForUpdates(1);
      await second.close();
      await waitFor(() => hub.stats().connections === 1, "the closed stream to be freed");
      const third = await openStream(`${endpoint}?topic=c`);
      expect(third.response.status).toBe(200);
      await third.waitForEvent("ssehub-ready");
      await Promise.all([first.close(), third.close()]);
    });
  });
});
