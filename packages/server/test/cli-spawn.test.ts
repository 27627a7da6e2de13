import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAuthenticator, signToken } from "../src/auth/index.ts";
import { cliEnv, cliSkip, runCliProcess, startCli } from "./fixtures/cli-process.ts";
import { openStream, postForm } from "./helpers/sse.ts";

// The built CLI, spawned with Node whatever runtime runs this file.
const dir = mkdtempSync(join(tmpdir(), "ssehub-cli-spawn-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LISTENING = /listening on (http:\/\/\S+)/;

describe.skipIf(cliSkip !== false)(`ssehub process${cliSkip ? ` (skipped: ${cliSkip})` : ""}`, () => {
  it("banner token publishes and subscribes; SIGTERM sends retry: and exits 0", async () => {
    const cli = startCli(["serve", "--port", "0", "--heartbeat", "0"]);
    try {
      const [, url] = await cli.waitForStdout(LISTENING);
      const [, token] = await cli.waitForStdout(/shown only here:\n\s+(\S+)\n/);
      const endpoint = `${url}/.well-known/mercure`;
      const headers = { authorization: `Bearer ${token}` };
      const stream = await openStream(`${endpoint}?topic=urn:cli`, { headers });
      expect(stream.response.status).toBe(200);
      await stream.waitForEvent("ssehub-ready");
      const published = await postForm(
        endpoint,
        [
          ["topic", "urn:cli"],
          ["data", "hello"],
        ],
        headers,
      );
      expect(published.status, published.body).toBe(200);
      expect((await stream.waitForUpdates(1))[0]!.data).toBe("hello");

      cli.signal("SIGTERM");
      await stream.waitForEnd(5000);
      expect(stream.retries.length, "the shutdown sends retry:").toBe(1);
      expect(await cli.exited).toBe(0);
      expect(cli.stdout().split(token!).length, "the token appears once, in the banner").toBe(2);
      expect(!cli.stderr().includes(token!), "logs never contain the token").toBeTruthy();
      expect(cli.stderr()).toMatch(/shutting down/);
    } finally {
      cli.stop();
    }
  });

  it("environment twins, Mercure aliases, @file keys and --static; JSON logs", async () => {
    writeFileSync(join(dir, "publisher.key"), "publisher-file-secret\n");
    writeFileSync(join(dir, "index.html"), "<h1>static page</h1>");
    const env = cliEnv({
      SSEHUB_PORT: "0",
      MERCURE_PUBLISHER_JWT_KEY: `@${join(dir, "publisher.key")}`,
      SSEHUB_SUBSCRIBER_JWT_KEY: "subscriber-secret",
      SSEHUB_LOG_FORMAT: "json",
      SSEHUB_STATIC: dir,
    });
    const cli = startCli(["serve"], env);
    try {
      const [, url] = await cli.waitForStdout(LISTENING);
      expect(cli.stdout(), "a configured key means no generated token").not.toMatch(/Development token/);
      expect(await (await fetch(`${url}/`)).text()).toBe("<h1>static page</h1>");
      const endpoint = `${url}/.well-known/mercure`;
      const publisher = await signToken("publisher-file-secret", "HS256", { publish: ["*"] });
      const subscriber = await signToken("subscriber-secret", "HS256", { publish: ["*"] });
      const fields: [string, string][] = [["topic", "urn:x"]];
      expect((await postForm(endpoint, fields, { authorization: `Bearer ${publisher}` })).status).toBe(200);
      expect((await postForm(endpoint, fields, { authorization: `Bearer ${subscriber}` })).status).toBe(401);
      cli.signal("SIGINT");
      expect(await cli.exited).toBe(0);
      const lines = cli.stderr().trim().split("\n");
      for (const line of lines) expect(typeof JSON.parse(line).msg, line).toBe("string");
    } finally {
      cli.stop();
    }
  });

  it("bad flag exits 2; token prints a verifiable token", async () => {
    const bad = runCliProcess(["serve", "--prot", "1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown flag --prot/);
    const made = runCliProcess(
      ["token", "--subscribe", "urn:t", "--exp", "10m"],
      cliEnv({ MERCURE_JWT_KEY: "k" }),
    );
    expect(made.code, made.stderr).toBe(0);
    const request = new Request("http://127.0.0.1/", {
      headers: { authorization: `Bearer ${made.stdout.trim()}` },
    });
    const result = await createAuthenticator({ jwtKey: "k" }).authenticate(request, "subscribe");
    expect(result.ok && result.grant?.selectors.some((matches) => matches("urn:t"))).toBeTruthy();
  });
});
