import { expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/server/config.ts";

it("defaults: 127.0.0.1:8080, the default data folder, no publish form", () => {
  expect(parseConfig([], {})).toStrictEqual({
    host: "127.0.0.1",
    port: 8080,
    dataDir: undefined,
    publishForm: false,
  });
});

it("flags win over their SSEHUB_* twins, which win over defaults", () => {
  const env = {
    SSEHUB_PORT: "9000",
    SSEHUB_HOST: "0.0.0.0",
    SSEHUB_DATA_DIR: "/env",
    SSEHUB_PUBLISH_FORM: "1",
  };
  expect(parseConfig([], env)).toStrictEqual({
    host: "0.0.0.0",
    port: 9000,
    dataDir: "/env",
    publishForm: true,
  });
  expect(
    parseConfig(["--port", "0", "--host=::1", "--data-dir", "/flag", "--publish-form=false"], env),
  ).toStrictEqual({
    host: "::1",
    port: 0,
    dataDir: "/flag",
    publishForm: false,
  });
  expect((parseConfig(["--", "--publish-form"], {}) as { publishForm: boolean }).publishForm).toBe(true);
});

it("--help, and bad input refused with a ConfigError", () => {
  expect(parseConfig(["--port", "1", "--help"], {})).toBe("help");
  for (const argv of [
    ["--nope"],
    ["--port"],
    ["--port", "http"],
    ["--port", "70000"],
    ["serve"],
    ["--publish-form=maybe"],
  ]) {
    expect(() => parseConfig(argv, {}), argv.join(" ")).toThrow(ConfigError);
  }
});
