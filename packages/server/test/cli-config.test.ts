import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatHelp } from "../src/config/help.ts";
import {
  type FlagSpec,
  formatDuration,
  formatSize,
  LISTEN_FLAGS,
  loadServeConfig,
  parseArgs,
  parseDuration,
  parseSize,
  SERVE_FLAGS,
  withDefaults,
} from "../src/config/index.ts";

const dir = mkdtempSync(join(tmpdir(), "ssehub-cli-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("units", () => {
  it("durations", () => {
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
    for (const [text, ms] of cases) expect(parseDuration(text), text).toBe(ms);
    expect(formatDuration(15_000)).toBe("15s");
    expect(formatDuration(3_600_000)).toBe("1h");
    expect(formatDuration(1500)).toBe("1500ms");
  });

  it("sizes", () => {
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
    for (const [text, bytes] of cases) expect(parseSize(text), text).toBe(bytes);
    expect(formatSize(4 * 1024 ** 2)).toBe("4MiB");
    expect(formatSize(1000)).toBe("1000B");
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

  it("forms of flags, positionals and --", () => {
    const parsed = parseArgs(
      ["serve", "--port", "9000", "--verbose", "--origin=a,b", "--origin", "c", "--wait=1m", "--", "--port"],
      specs,
    );
    expect(parsed.values).toStrictEqual({ port: 9000, verbose: true, origin: ["a", "b", "c"], wait: 60_000 });
    expect(parsed.positionals).toStrictEqual(["serve", "--port"]);
    expect(parsed.sources.port).toBe("flag");
    expect(parseArgs(["--no-verbose"], specs).values.verbose).toBe(false);
    expect(parseArgs(["--verbose=off"], specs).values.verbose).toBe(false);
    expect(parseArgs(["-h"], specs).help).toBe(true);
    expect(parseArgs(["--select", "/b/{x,y}", "--select", "*"], specs).values.select).toStrictEqual([
      "/b/{x,y}",
      "*",
    ]);
  });

  it("bad flags and values are ConfigErrors naming the flag or variable", () => {
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
      expect(() => parseArgs(argv, specs, env)).toThrow(
        expect.objectContaining({ name: "ConfigError", message: expect.stringMatching(message) }),
      );
    }
  });

  it("environment twins, aliases, precedence and empty variables", () => {
    const env = {
      SSEHUB_PORT: "7000",
      SSEHUB_VERBOSE: "yes",
      LEGACY_ORIGINS: "https://a https://b",
      SSEHUB_WAIT: "",
    };
    const parsed = parseArgs([], specs, env);
    expect(parsed.values).toStrictEqual({ port: 7000, verbose: true, origin: ["https://a", "https://b"] });
    expect(parsed.sources.port).toBe("env");
    expect(parseArgs(["--port", "1"], specs, env).values.port, "a flag wins over the environment").toBe(1);
    expect(
      parseArgs([], specs, { ...env, SSEHUB_ORIGIN: "x" }).values.origin,
      "twin beats alias",
    ).toStrictEqual(["x"]);
    expect(parseArgs([], specs, { SSEHUB_SELECT: "x" }).values.select, "no twin when env: false").toBe(
      undefined,
    );
  });
});

describe("loadServeConfig", () => {
  it("defaults match DESIGN.md and become hub options", () => {
    const config = loadServeConfig([]);
    expect(config.host).toBe("127.0.0.1");
    expect(config.port).toBe(8080);
    expect(config.shutdownTimeout).toBe(10_000);
    expect(config.logFormat).toBe("text");
    expect(config.keyless).toBe(true);
    expect(config.hub).toStrictEqual({
      allowAnonymous: false,
      historySize: 1000,
      historyMaxAge: 3_600_000,
      historyMaxBytes: 64 * 1024 ** 2,
      maxRetained: 10_000,
      heartbeat: 15_000,
      subscriptions: false,
      maxQueue: 4 * 1024 ** 2,
      maxBodySize: 4 * 1024 ** 2,
      maxConnections: 0,
      maxTopicsPerUpdate: 32,
      maxTopicLength: 2048,
      maxConnectionsPerIp: 0,
      publishRate: 0,
      trustProxy: 0,
      accessLog: false,
    });
  });

  it("flags with units, Mercure aliases and SSEHUB twins", () => {
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
    expect(config.keyless).toBe(false);
    expect(config.hub.publisherJwtKey).toBe("pub-secret");
    expect(config.hub.subscriberJwtKey).toBe("-----BEGIN PUBLIC KEY-----");
    expect(config.hub.subscriberJwtAlgorithm).toBe("ES256");
    expect(config.hub.corsOrigins).toStrictEqual(["https://a.example", "https://b.example"]);
    expect(config.hub.heartbeat).toBe(5000);
    expect(config.hub.maxQueue).toBe(65_536);
    expect(config.hub.maxConnections).toBe(2500);
    expect(config.hub.historyMaxAge).toBe(600_000);
    expect(config.hub.allowAnonymous).toBe(true);
    expect(config.logFormat).toBe("json");
  });

  it("@path keys and --static DIR are read from files", () => {
    writeFileSync(join(dir, "key.txt"), "file-secret\n");
    writeFileSync(join(dir, "index.html"), "<h1>hub</h1>");
    const config = loadServeConfig(["--jwt-key", `@${join(dir, "key.txt")}`, "--static", dir], {
      env: { MERCURE_PUBLISHER_JWT_KEY: `@${join(dir, "key.txt")}` },
    });
    expect(config.hub.jwtKey).toBe("file-secret");
    expect(config.hub.publisherJwtKey).toBe("file-secret");
    expect(config.hub.indexHtml).toBe("<h1>hub</h1>");
    expect(() => loadServeConfig(["--jwt-key", `@${join(dir, "missing")}`])).toThrow(
      expect.objectContaining({
        name: "ConfigError",
        message: expect.stringMatching(/--jwt-key: cannot read .*missing \(ENOENT\)/),
      }),
    );
    expect(() => loadServeConfig(["--static", join(dir, "nope")])).toThrow(
      expect.objectContaining({ name: "ConfigError" }),
    );
  });

  it("another app reuses the listen flags with its own defaults", () => {
    const specs = withDefaults(LISTEN_FLAGS, { port: 3000 });
    expect(parseArgs([], specs).values.port).toBe(3000);
    expect(parseArgs([], specs, { PORT: "4000" }).values.port).toBe(4000);
    expect(loadServeConfig([], { defaults: { "allow-anonymous": true } }).hub.allowAnonymous).toBe(true);
  });

  it("help documents every serve flag with its environment variable", () => {
    const help = formatHelp("ssehub serve", "", SERVE_FLAGS);
    for (const spec of SERVE_FLAGS) {
      expect(help).toMatch(new RegExp(`--${spec.name}\\b`));
      expect(help).toMatch(new RegExp(`SSEHUB_${spec.name.toUpperCase().replaceAll("-", "_")}\\b`));
    }
    expect(help).toMatch(/default 15s; unit ms, or 500ms, 15s, 10m, 1h/);
    expect(help).toMatch(/default 4MiB; unit bytes, or 64KiB, 2MiB/);
    expect(help).toMatch(/MERCURE_PUBLISHER_JWT_KEY/);
  });
});
