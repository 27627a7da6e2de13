import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { createAuthenticator } from "../src/auth/index.ts";
import { describeAuth } from "../src/cli/auth-summary.ts";
import { createLogger } from "../src/cli/logger.ts";
import { run } from "../src/cli/run.ts";
import { formatDefault } from "../src/config/help.ts";
import { envName, SERVE_FLAGS, TOKEN_FLAGS } from "../src/config/index.ts";
import { pemPair } from "./fixtures/auth-keys.ts";
import { captureIo } from "./fixtures/cli-io.ts";
import { PACKAGE_ROOT } from "./fixtures/cli-process.ts";

const dir = mkdtempSync(join(tmpdir(), "ssehub-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runCli(argv: string[], env: Record<string, string> = {}) {
  const io = captureIo(env);
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

async function grants(token: string, options: Parameters<typeof createAuthenticator>[0], topic: string) {
  const request = new Request("http://127.0.0.1/", { headers: { authorization: `Bearer ${token}` } });
  const auth = createAuthenticator(options);
  const allowed = async (action: "publish" | "subscribe") => {
    const result = await auth.authenticate(request, action);
    expect(result.ok, result.ok ? "" : result.message).toBeTruthy();
    return (result.ok && result.grant?.selectors.some((matches) => matches(topic))) ?? false;
  };
  return { publish: await allowed("publish"), subscribe: await allowed("subscribe") };
}

describe("ssehub help and usage errors", () => {
  it("--help, serve --help and token --help document every flag", async () => {
    const main = await runCli(["--help"]);
    expect(main.code).toBe(0);
    expect(main.out).toMatch(/serve/);
    expect(main.out).toMatch(/token/);
    const serve = await runCli(["serve", "--help"]);
    expect(serve.code).toBe(0);
    for (const spec of SERVE_FLAGS) expect(serve.out).toMatch(new RegExp(`--${spec.name}\\b`));
    const token = await runCli(["token", "-h"]);
    for (const spec of TOKEN_FLAGS) expect(token.out).toMatch(new RegExp(`--${spec.name}\\b`));
  });

  it("bad usage exits 2 with a message on standard error", async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing command/],
      [["launch"], /unknown command "launch"/],
      [["serve", "--bogus"], /unknown flag --bogus/],
      [["serve", "--port", "http"], /--port: "http" is not an integer/],
      [["serve", "--heartbeat", "often"], /--heartbeat: "often" is not a duration/],
      [
        ["serve", "--heartbeat", "99999999999999999999h"],
        /--heartbeat: "99999999999999999999h" is not a duration/,
      ],
      [["serve", "--max-queue", "99999999999GiB"], /--max-queue: "99999999999GiB" is not a size/],
      [["serve", "--log-format", "xml"], /--log-format: "xml" is not one of text, json/],
      [["serve", "extra"], /unexpected argument "extra"/],
      [["serve", "--jwt-key", "secret", "--jwt-algorithm", "none"], /unsupported JWT algorithm "none"/],
      [["token", "--jwt-key", "k"], /give --publish and\/or --subscribe/],
      [["token", "--publish", "*"], /no publish key configured/],
      [["token", "--jwt-key", "k", "--publish", "*", "--draft", "8"], /needs issuer, audience/],
      [
        ["token", "--publisher-jwt-key", "a", "--jwt-key", "b", "--publish", "*", "--subscribe", "*"],
        /keys differ/,
      ],
    ];
    for (const [argv, message] of cases) {
      const result = await runCli(argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.out).toBe("");
    }
  });
});

describe("ssehub token", () => {
  it("draft-07 token from --jwt-key verifies with the same key", async () => {
    const { code, out } = await runCli([
      "token",
      "--jwt-key",
      "s3cret",
      "--publish",
      "*",
      "--subscribe",
      "urn:t",
      "--exp",
      "1h",
    ]);
    expect(code).toBe(0);
    const token = out.trim();
    const claims = decodeJwt(token);
    expect(claims.mercure).toStrictEqual({ publish: ["*"], subscribe: ["urn:t"] });
    expect(Math.abs((claims.exp as number) - Date.now() / 1000 - 3600) < 60).toBeTruthy();
    expect(await grants(token, { jwtKey: "s3cret" }, "urn:t")).toStrictEqual({
      publish: true,
      subscribe: true,
    });
    expect(await grants(token, { jwtKey: "s3cret" }, "urn:other")).toStrictEqual({
      publish: true,
      subscribe: false,
    });
  });

  it("draft-08 at+jwt with issuer and audience from the environment", async () => {
    const env = {
      SSEHUB_JWT_KEY: "k8",
      SSEHUB_JWT_ISSUER: "https://iss",
      SSEHUB_JWT_AUDIENCE: "https://hub",
    };
    const { code, out } = await runCli(["token", "--draft", "8", "--subscribe", "urn:t"], env);
    expect(code).toBe(0);
    const token = out.trim();
    expect(decodeProtectedHeader(token).typ).toBe("at+jwt");
    expect(decodeJwt(token).exp !== undefined, "draft-08 tokens get a default lifetime").toBeTruthy();
    const options = { jwtKey: "k8", jwtIssuer: "https://iss", jwtAudience: "https://hub" };
    expect(await grants(token, options, "urn:t")).toStrictEqual({ publish: false, subscribe: true });
  });

  it("Mercure alias and @file PEM key sign what the hub verifies", async () => {
    const pair = await pemPair("ES256");
    writeFileSync(join(dir, "private.pem"), pair.privatePem);
    const env = { MERCURE_PUBLISHER_JWT_KEY: `@${join(dir, "private.pem")}` };
    const { code, out, err } = await runCli(["token", "--publish", "urn:p", "--subject", "bot"], env);
    expect(code, err).toBe(0);
    const token = out.trim();
    expect(decodeProtectedHeader(token).alg).toBe("ES256");
    expect(decodeJwt(token).sub).toBe("bot");
    expect(await grants(token, { jwtKey: pair.publicPem }, "urn:p")).toStrictEqual({
      publish: true,
      subscribe: false,
    });
  });
});

describe("logger", () => {
  it("levels, formats, and no token ever written", () => {
    const lines: string[] = [];
    const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const text = createLogger({ level: "info", write: (line) => lines.push(line), now: () => 0 });
    text.debug("hidden");
    text.info(`got ${token}`, { path: "/hub", token, count: 2, note: `a ${token}` });
    expect(lines.length).toBe(1);
    expect(lines[0]).toBe(
      '1970-01-01T00:00:00.000Z INFO  got [redacted] path=/hub token=[redacted] count=2 note="a [redacted]"\n',
    );
    const json = createLogger({
      level: "warn",
      format: "json",
      write: (line) => lines.push(line),
      now: () => 0,
    });
    json.info("hidden");
    json.error("failed", { authorization: `Bearer ${token}` });
    expect(JSON.parse(lines[1]!)).toStrictEqual({
      time: "1970-01-01T00:00:00.000Z",
      level: "error",
      msg: "failed",
      authorization: "[redacted]",
    });
    expect(!lines.join("").includes("c2lnbmF0dXJl")).toBeTruthy();
  });
});

it("the start-up log names how tokens are verified, never the keys", () => {
  expect(
    describeAuth({ jwtKey: "s3cret", subscriberJwtKey: "-----BEGIN PUBLIC KEY-----\nMFk" }),
  ).toStrictEqual({
    publishers: "HS256 secret",
    subscribers: "inferred PUBLIC KEY",
  });
  expect(describeAuth({ jwksUrl: "https://idp/jwks", jwtAlgorithm: "RS256" })).toStrictEqual({
    publishers: "key set https://idp/jwks",
    subscribers: "key set https://idp/jwks",
  });
  expect(describeAuth({}).publishers).toBe("none configured (tokens refused)");
});

it("the README's flag table lists every serve flag with its variables and default", () => {
  const readme = readFileSync(join(PACKAGE_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("<!-- cli:start -->"), readme.indexOf("<!-- cli:end -->"));
  for (const spec of SERVE_FLAGS) {
    const row = section.split("\n").find((line) => line.startsWith(`| \`--${spec.name}`));
    expect(row !== undefined, `--${spec.name} has a row`).toBeTruthy();
    for (const name of [
      envName(spec),
      ...(spec.aliases ?? []).filter((alias) => alias.startsWith("MERCURE_")),
    ]) {
      expect(row?.includes(`\`${name}\``), `--${spec.name} row names ${name}`).toBeTruthy();
    }
    if (spec.default !== undefined)
      expect(row?.includes(`\`${formatDefault(spec, spec.default)}\``), row).toBeTruthy();
  }
});
