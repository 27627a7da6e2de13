import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { type Runtime, startDashboard } from "./support/dashboard-process.ts";
import { freePort } from "./support/free-port.ts";
import { NODE_ONLY, ON_NODE } from "./support/runtime.ts";

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
  it.skipIf(!ON_NODE)(
    `on ${runtime}: the counter route answers and the hub streams the retained value ${NODE_ONLY.spawnsRuntimes}`,
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), `ssehub-dashboard-${runtime}-`));
      const server = await startDashboard({ runtime, port: await freePort(), dataDir });
      try {
        const answer = await fetch(new URL("api/counter/increment", server.url), { method: "POST" });
        expect(answer.status).toBe(200);
        expect(await answer.json()).toStrictEqual({ value: 1 });

        const stream = await fetch(new URL("/.well-known/mercure?topic=urn:ssehub:counter", server.url));
        expect(stream.status).toBe(200);
        expect(stream.headers.get("content-type") ?? "").toMatch(/^text\/event-stream/);
        const text = await readUntil(stream, 'data: {"value":1}');
        expect(text).toMatch(/^event: counter$/m);

        const page = await fetch(server.url);
        expect(page.status).toBe(200);
        expect(await page.text()).toMatch(/<div id="root">/);
      } finally {
        await server.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
}
