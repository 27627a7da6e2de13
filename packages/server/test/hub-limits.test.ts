import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream } from "./helpers/sse.ts";

describe(`connection limit on ${runtimeName}`, () => {
  test("past maxConnections a subscriber gets 503 with Retry-After and a JSON reason; a freed slot is reusable", async () => {
    await withHub({ allowAnonymous: true, maxConnections: 2 }, async ({ endpoint, hub }) => {
      const first = await openStream(`${endpoint}?topic=a`);
      const second = await openStream(`${endpoint}?topic=b`);
      assert.equal(hub.stats().connections, 2);
      const refused = await fetch(`${endpoint}?topic=c`);
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get("retry-after"), "5");
      assert.match(refused.headers.get("content-type")!, /^application\/json/);
      const body = await refused.json();
      assert.equal(body.error, "too-many-connections");
      assert.equal(typeof body.message, "string");
      assert.equal(hub.stats().connections, 2);
      // Publishing is not a subscriber connection: still allowed.
      await hub.publish({ topics: "a", data: "still live" });
      await first.waitForUpdates(1);
      await second.close();
      await waitFor(() => hub.stats().connections === 1, "the closed stream to be freed");
      const third = await openStream(`${endpoint}?topic=c`);
      assert.equal(third.response.status, 200);
      await third.waitForEvent("ssehub-ready");
      await Promise.all([first.close(), third.close()]);
    });
  });
});
