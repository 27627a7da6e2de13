import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { formatHelp } from "../src/config/help.ts";
import {
  type FlagSpec,
  formatDuration,
  formatSize,
  isConfigError,
  LISTEN_FLAGS,
  loadServeConfig,
  parseArgs,
  parseDuration,
  parseSize,
  SERVE_FLAGS,
  withDefaults,
} from "../src/config/index.ts";

const dir = mkdtempSync(join(tmpdir(), "ssehub-cli-config-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("units", () => {
  test("durations", () => {
    const cases: [string, number | undefined][] = [
      ["500ms", 500],
      ["15s", 15_000],
      ["10m", 600_000],
      ["1h", 3_600_000],
      ["1.5s", 1500],
      ["250", 250],
      ["0", 0],
      ["15 s", 15_000],
      ["-1s", undefined],
      ["1d", undefined],
      ["s", undefined],
      ["", undefined],
    ];
    for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
    assert.equal(formatDuration(15_000), "15s");
    assert.equal(formatDuration(3_600_000), "1h");
    assert.equal(formatDuration(1500), "1500ms");
  });

  test("sizes", () => {
    const cases: [string, number | undefined][] = [
      ["64KiB", 65_536],
      ["2MiB", 2_097_152],
      ["1GiB", 1024 ** 3],
      ["4096", 4096],
      ["10B", 10],
      ["1MB", 1_000_000],
      ["1.5KiB", 1536],
      ["2mib", undefined],
      ["-1KiB", undefined],
    ];
    for (const [text, bytes] of cases) assert.equal(parseSize(text), bytes, text);
    assert.equal(formatSize(4 * 1024 ** 2), "4MiB");
    assert.equal(formatSize(1000), "1000B");
  });
});

describe("parseArgs", () => {
  const specs: FlagSpec[] = [
    { name: "port", kind: "integer", default: 8080, max: 65535, description: "" },
    { name: "verbose", kind: "boolean", default: false, description: "" },
    { name: "origin", kind: "list", description: "", aliases: ["LEGACY_ORIGINS"] },
    { name: "wait", kind: "duration", description: "" },
    { name: "format", kind: "choice", choices: ["text", "json"], description: "" },
    { name: "select", kind: "list", split: false, env: false, description: "" },
  ];

  test("forms of flags, positionals and --", () => {
    const parsed = parseArgs(
      ["serve", "--port", "9000", "--verbose", "--origin=a,b", "--origin", "c", "--wait=1m", "--", "--port"],
      specs,
    );
    assert.deepEqual(parsed.values, { port: 9000, verbose: true, origin: ["a", "b", "c"], wait: 60_000 });
    assert.deepEqual(parsed.positionals, ["serve", "--port"]);
    assert.equal(parsed.sources.port, "flag");
    assert.equal(parseArgs(["--no-verbose"], specs).values.verbose, false);
    assert.equal(parseArgs(["--verbose=off"], specs).values.verbose, false);
    assert.equal(parseArgs(["-h"], specs).help, true);
    assert.deepEqual(parseArgs(["--select", "/b/{x,y}", "--select", "*"], specs).values.select, [
      "/b/{x,y}",
      "*",
    ]);
  });

  test("bad flags and values are ConfigErrors naming the flag or variable", () => {
    const bad: [string[], Record<string, string>, RegExp][] = [
      [["--nope"], {}, /unknown flag --nope/],
      [["-p", "1"], {}, /unknown flag -p/],
      [["--port"], {}, /--port needs a value/],
      [["--port", "70000"], {}, /--port: "70000" is not an integer/],
      [["--port=1.5"], {}, /--port/],
      [["--verbose=maybe"], {}, /--verbose: "maybe" is not a boolean/],
      [["--wait", "soon"], {}, /--wait: "soon" is not a duration/],
      [["--format", "xml"], {}, /one of text, json/],
      [[], { SSEHUB_PORT: "x" }, /SSEHUB_PORT: "x"/],
      [["--no-port"], {}, /unknown flag --no-port/],
    ];
    for (const [argv, env, message] of bad) {
      assert.throws(
        () => parseArgs(argv, specs, env),
        (error) => isConfigError(error) && message.test(error.message),
      );
    }
  });

  test("environment twins, aliases, precedence and empty variables", () => {
    const env = {
      SSEHUB_PORT: "7000",
      SSEHUB_VERBOSE: "yes",
      LEGACY_ORIGINS: "https://a https://b",
      SSEHUB_WAIT: "",
    };
    const parsed = parseArgs([], specs, env);
    assert.deepEqual(parsed.values, { port: 7000, verbose: true, origin: ["https://a", "https://b"] });
    assert.equal(parsed.sources.port, "env");
    assert.equal(parseArgs(["--port", "1"], specs, env).values.port, 1, "a flag wins over the environment");
    assert.deepEqual(
      parseArgs([], specs, { ...env, SSEHUB_ORIGIN: "x" }).values.origin,
      ["x"],
      "twin beats alias",
    );
    assert.equal(
      parseArgs([], specs, { SSEHUB_SELECT: "x" }).values.select,
      undefined,
      "no twin when env: false",
    );
  });
});

describe("loadServeConfig", () => {
  test("defaults match DESIGN.md and become hub options", () => {
    const config = loadServeConfig([]);
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.port, 8080);
    assert.equal(config.shutdownTimeout, 10_000);
    assert.equal(config.logFormat, "text");
    assert.equal(config.keyless, true);
    assert.deepEqual(config.hub, {
      allowAnonymous: false,
      historySize: 1000,
      historyMaxAge: 3_600_000,
      heartbeat: 15_000,
      subscriptions: false,
      maxQueue: 4 * 1024 ** 2,
      maxBodySize: 4 * 1024 ** 2,
      maxConnections: 0,
    });
  });

  test("flags with units, Mercure aliases and SSEHUB twins", () => {
    const env = {
      MERCURE_PUBLISHER_JWT_KEY: "pub-secret",
      MERCURE_SUBSCRIBER_JWT_ALG: "ES256",
      SSEHUB_SUBSCRIBER_JWT_KEY: "-----BEGIN PUBLIC KEY-----",
      MERCURE_CORS_ALLOWED_ORIGINS: "https://a.example https://b.example",
      SSEHUB_HEARTBEAT: "5s",
      SSEHUB_MAX_CONNECTIONS: "2500",
    };
    const argv = [
      "--max-queue",
      "64KiB",
      "--history-max-age",
      "10m",
      "--allow-anonymous",
      "--log-format=json",
    ];
    const config = loadServeConfig(argv, { env });
    assert.equal(config.keyless, false);
    assert.equal(config.hub.publisherJwtKey, "pub-secret");
    assert.equal(config.hub.subscriberJwtKey, "-----BEGIN PUBLIC KEY-----");
    assert.equal(config.hub.subscriberJwtAlgorithm, "ES256");
    assert.deepEqual(config.hub.corsOrigins, ["https://a.example", "https://b.example"]);
    assert.equal(config.hub.heartbeat, 5000);
    assert.equal(config.hub.maxQueue, 65_536);
    assert.equal(config.hub.maxConnections, 2500);
    assert.equal(config.hub.historyMaxAge, 600_000);
    assert.equal(config.hub.allowAnonymous, true);
    assert.equal(config.logFormat, "json");
  });

  test("@path keys and --static DIR are read from files", () => {
    writeFileSync(join(dir, "key.txt"), "file-secret\n");
    writeFileSync(join(dir, "index.html"), "<h1>hub</h1>");
    const config = loadServeConfig(["--jwt-key", `@${join(dir, "key.txt")}`, "--static", dir], {
      env: { MERCURE_PUBLISHER_JWT_KEY: `@${join(dir, "key.txt")}` },
    });
    assert.equal(config.hub.jwtKey, "file-secret");
    assert.equal(config.hub.publisherJwtKey, "file-secret");
    assert.equal(config.hub.indexHtml, "<h1>hub</h1>");
    assert.throws(
      () => loadServeConfig(["--jwt-key", `@${join(dir, "missing")}`]),
      (error) => isConfigError(error) && /--jwt-key: cannot read .*missing \(ENOENT\)/.test(error.message),
    );
    assert.throws(() => loadServeConfig(["--static", join(dir, "nope")]), isConfigError);
  });

  test("another app reuses the listen flags with its own defaults", () => {
    const specs = withDefaults(LISTEN_FLAGS, { port: 3000 });
    assert.equal(parseArgs([], specs).values.port, 3000);
    assert.equal(parseArgs([], specs, { PORT: "4000" }).values.port, 4000);
    assert.equal(loadServeConfig([], { defaults: { "allow-anonymous": true } }).hub.allowAnonymous, true);
  });

  test("help documents every serve flag with its environment variable", () => {
    const help = formatHelp("ssehub serve", "", SERVE_FLAGS);
    for (const spec of SERVE_FLAGS) {
      assert.match(help, new RegExp(`--${spec.name}\\b`));
      assert.match(help, new RegExp(`SSEHUB_${spec.name.toUpperCase().replaceAll("-", "_")}\\b`));
    }
    assert.match(help, /default 15s; unit ms, or 500ms, 15s, 10m, 1h/);
    assert.match(help, /default 4MiB; unit bytes, or 64KiB, 2MiB/);
    assert.match(help, /MERCURE_PUBLISHER_JWT_KEY/);
  });
});
