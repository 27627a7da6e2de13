import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliEnv, ONCE, PACKAGE_ROOT, startExecutable } from "./fixtures/cli-process.ts";
import { openStream, postForm } from "./helpers/sse.ts";

// The single-file executable (`pnpm build:exe`), built here and run from an empty folder with only PATH in
// its environment: it must need nothing beside itself.
const folder = mkdtempSync(join(tmpdir(), "ssehub-exe-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.skipIf(ONCE)("single-file executable", () => {
  it("builds, serves from an empty folder, delivers a publish, exits 0 on SIGTERM", async () => {
    const build = spawnSync(process.execPath, [join(PACKAGE_ROOT, "scripts/build-exe.mjs")], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(build.status, build.stderr).toBe(0);
    const exe = join(folder, "ssehub");
    copyFileSync(join(PACKAGE_ROOT, "dist-exe/ssehub"), exe);
    expect(readdirSync(folder)).toEqual(["ssehub"]);

    const hub = startExecutable(exe, ["serve", "--port", "0", "--heartbeat", "0"], cliEnv(), folder);
    try {
      const [, url] = await hub.waitForStdout(/listening on (http:\/\/\S+) \(bun /, 20_000);
      const [, token] = await hub.waitForStdout(/shown only here:\n\s+(\S+)\n/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      await health.body?.cancel();
      const endpoint = `${url}/.well-known/mercure`;
      const headers = { authorization: `Bearer ${token}` };
      const stream = await openStream(`${endpoint}?topic=urn:exe`, { headers });
      await stream.waitForEvent("ssehub-ready");
      const published = await postForm(
        endpoint,
        [
          ["topic", "urn:exe"],
          ["data", "one file"],
        ],
        headers,
      );
      expect(published.status, published.body).toBe(200);
      expect((await stream.waitForUpdates(1))[0]!.data).toBe("one file");
      hub.signal("SIGTERM");
      await stream.waitForEnd(5000);
      expect(await hub.exited).toBe(0);
    } finally {
      hub.stop();
    }
  }, 150_000);
});
