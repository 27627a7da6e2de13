import { describe, expect, it } from "vitest";
import type { RuntimeName } from "../src/runtime/current.ts";
import { cliEnv, cliSkip, ONCE, startCli } from "./fixtures/cli-process.ts";
import { openStream, postForm } from "./helpers/sse.ts";

// `ssehub serve` started with each runtime must serve with that runtime's own server, whatever runtime runs
// this file: the banner names it, and a publish reaches a subscriber through it.
const RUNTIMES: RuntimeName[] = ["node", "bun", "deno"];
const BANNER = /listening on (http:\/\/\S+) \((node|bun|deno) [^)]+\)/;

describe.skipIf(cliSkip || ONCE)("ssehub serve on each runtime's own server", () => {
  for (const runtime of RUNTIMES) {
    it(`${runtime}: serves, delivers a publish, and exits 0 on SIGTERM`, async () => {
      const cli = startCli(["serve", "--port", "0", "--heartbeat", "0"], cliEnv(), runtime);
      try {
        const [, url, served] = await cli.waitForStdout(BANNER, 20_000);
        expect(served).toBe(runtime);
        const [, token] = await cli.waitForStdout(/shown only here:\n\s+(\S+)\n/);
        const endpoint = `${url}/.well-known/mercure`;
        const headers = { authorization: `Bearer ${token}` };
        const stream = await openStream(`${endpoint}?topic=urn:runtime`, { headers });
        expect(stream.response.status).toBe(200);
        await stream.waitForEvent("ssehub-ready");
        const published = await postForm(
          endpoint,
          [
            ["topic", "urn:runtime"],
            ["data", `from ${runtime}`],
          ],
          headers,
        );
        expect(published.status, published.body).toBe(200);
        expect((await stream.waitForUpdates(1))[0]!.data).toBe(`from ${runtime}`);
        cli.signal("SIGTERM");
        await stream.waitForEnd(5000);
        expect(await cli.exited).toBe(0);
        expect(cli.stderr()).toMatch(new RegExp(`"?runtime"?[=:] ?"?${runtime} `));
      } finally {
        cli.stop();
      }
    }, 40_000);
  }
});
