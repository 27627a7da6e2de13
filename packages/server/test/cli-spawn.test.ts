import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { createAuthenticator, signToken } from "../src/auth/index.ts";
import { cliEnv, cliSkip, runCliProcess, startCli } from "./fixtures/cli-process.ts";
import { openStream, postForm } from "./helpers/sse.ts";

// The built CLI, spawned with Node whatever runtime runs this file.
const dir = mkdtempSync(join(tmpdir(), "ssehub-cli-spawn-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const LISTENING = /listening on (http:\/\/\S+)/;

describe("ssehub process", { skip: cliSkip }, () => {
  test("banner token publishes and subscribes; SIGTERM sends retry: and exits 0", async () => {
    const cli = startCli(["serve", "--port", "0", "--heartbeat", "0"]);
    try {
      const [, url] = await cli.waitForStdout(LISTENING);
      const [, token] = await cli.waitForStdout(/shown only here:\n\s+(\S+)\n/);
      const endpoint = `${url}/.well-known/mercure`;
      const headers = { authorization: `Bearer ${token}` };
      const stream = await openStream(`${endpoint}?topic=urn:cli`, { headers });
      assert.equal(stream.response.status, 200);
      await stream.waitForEvent("ssehub-ready");
      const published = await postForm(
        endpoint,
        [
          ["topic", "urn:cli"],
          ["data", "hello"],
        ],
        headers,
      );
      assert.equal(published.status, 200, published.body);
      assert.equal((await stream.waitForUpdates(1))[0]!.data, "hello");

      cli.signal("SIGTERM");
      await stream.waitForEnd(5000);
      assert.equal(stream.retries.length, 1, "the shutdown sends retry:");
      assert.equal(await cli.exited, 0);
      assert.equal(cli.stdout().split(token!).length, 2, "the token appears once, in the banner");
      assert.ok(!cli.stderr().includes(token!), "logs never contain the token");
      assert.match(cli.stderr(), /shutting down/);
    } finally {
      cli.stop();
    }
  });

  test("environment twins, Mercure aliases, @file keys and --static; JSON logs", async () => {
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
      assert.doesNotMatch(cli.stdout(), /Development token/, "a configured key means no generated token");
      assert.equal(await (await fetch(`${url}/`)).text(), "<h1>static page</h1>");
      const endpoint = `${url}/.well-known/mercure`;
      const publisher = await signToken("publisher-file-secret", "HS256", { publish: ["*"] });
      const subscriber = await signToken("subscriber-secret", "HS256", { publish: ["*"] });
      const fields: [string, string][] = [["topic", "urn:x"]];
      assert.equal((await postForm(endpoint, fields, { authorization: `Bearer ${publisher}` })).status, 200);
      assert.equal((await postForm(endpoint, fields, { authorization: `Bearer ${subscriber}` })).status, 401);
      cli.signal("SIGINT");
      assert.equal(await cli.exited, 0);
      const lines = cli.stderr().trim().split("\n");
      for (const line of lines) assert.equal(typeof JSON.parse(line).msg, "string", line);
    } finally {
      cli.stop();
    }
  });

  test("bad flag exits 2; token prints a verifiable token", async () => {
    const bad = runCliProcess(["serve", "--prot", "1"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown flag --prot/);
    const made = runCliProcess(
      ["token", "--subscribe", "urn:t", "--exp", "10m"],
      cliEnv({ MERCURE_JWT_KEY: "k" }),
    );
    assert.equal(made.code, 0, made.stderr);
    const request = new Request("http://127.0.0.1/", {
      headers: { authorization: `Bearer ${made.stdout.trim()}` },
    });
    const result = await createAuthenticator({ jwtKey: "k" }).authenticate(request, "subscribe");
    assert.ok(result.ok && result.grant?.selectors.some((matches) => matches("urn:t")));
  });
});
