import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { type Runtime, startDashboard } from "./support/dashboard-process.ts";
import { freePort } from "./support/free-port.ts";

/** Reads an SSE response until its text contains `expected`, or fails after 10 s. */
async function readUntil(response: Response, expected: string): Promise<string> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const timer = setTimeout(() => reader.cancel(new Error("timed out")), 10_000);
  try {
    while (!text.includes(expected)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel();
  }
  return text;
}

// The same server module on each runtime: the counter route answers and the hub streams its retained value.
for (const runtime of ["node", "bun", "deno"] satisfies Runtime[]) {
  test(`on ${runtime}: the counter route answers and the hub streams the retained value`, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), `ssehub-dashboard-${runtime}-`));
    const server = await startDashboard({ runtime, port: await freePort(), dataDir });
    try {
      const answer = await fetch(new URL("api/counter/increment", server.url), { method: "POST" });
      assert.equal(answer.status, 200);
      assert.deepEqual(await answer.json(), { value: 1 });

      const stream = await fetch(new URL("/.well-known/mercure?topic=urn:ssehub:counter", server.url));
      assert.equal(stream.status, 200);
      assert.match(stream.headers.get("content-type") ?? "", /^text\/event-stream/);
      const text = await readUntil(stream, 'data: {"value":1}');
      assert.match(text, /^event: counter$/m);

      const page = await fetch(server.url);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="root">/);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}
