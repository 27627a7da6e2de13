import { describe, expect, it } from "vitest";
import type { RuntimeName } from "../src/runtime/current.ts";
import { cliEnv, cliSkip, ONCE, startCli } from "./fixtures/cli-process.ts";
import { openStream, postForm } from "./helpers/sse.ts";

// SIGTERM while publishers are busy: every publish the hub acknowledged (200) reaches the subscriber before
// its stream ends; the others are refused (503) or find the port closed; the process exits 0. On each
// runtime's own server.
const RUNTIMES: RuntimeName[] = ["node", "bun", "deno"];
const PUBLISHERS = 4;

describe.skipIf(cliSkip || ONCE)("graceful drain on SIGTERM with publishes in flight", () => {
  for (const runtime of RUNTIMES) {
    it(`${runtime}: nothing acknowledged is lost`, async () => {
      const cli = startCli(["serve", "--port", "0", "--heartbeat", "0"], cliEnv(), runtime);
      try {
        const [, url] = await cli.waitForStdout(/listening on (http:\/\/\S+)/, 20_000);
        const [, token] = await cli.waitForStdout(/shown only here:\n\s+(\S+)\n/);
        const endpoint = `${url}/.well-known/mercure`;
        const headers = { authorization: `Bearer ${token}` };
        const stream = await openStream(`${endpoint}?topic=urn:drain`, { headers });
        await stream.waitForEvent("ssehub-ready");

        const acknowledged: string[] = [];
        const refused: number[] = [];
        let next = 0;
        let stop = false;
        // Each publisher posts back to back until the hub stops answering.
        const publisher = async () => {
          while (!stop) {
            const data = `update ${next++}`;
            try {
              const answer = await postForm(
                endpoint,
                [
                  ["topic", "urn:drain"],
                  ["data", data],
                ],
                headers,
              );
              if (answer.status === 200) acknowledged.push(data);
              else refused.push(answer.status);
            } catch {
              return; // connection refused or reset: the server has stopped accepting
            }
            if (next > 5000) return; // bounded whatever happens
          }
        };
        const publishers = Array.from({ length: PUBLISHERS }, publisher);
        await stream.waitForUpdates(20, 10_000);
        cli.signal("SIGTERM");
        await stream.waitForEnd(10_000);
        stop = true;
        await Promise.all(publishers);
        expect(await cli.exited).toBe(0);

        const delivered = new Set(stream.updates().map((event) => event.data));
        expect(acknowledged.length).toBeGreaterThanOrEqual(20);
        expect(acknowledged.filter((data) => !delivered.has(data))).toEqual([]);
        expect(refused.filter((status) => status !== 503)).toEqual([]);
        expect(stream.retries.length, "the stream ended with a retry: for the reconnect").toBe(1);
      } finally {
        cli.stop();
      }
    }, 60_000);
  }
});
