import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, parseConfig } from "../src/server/config.ts";

test("defaults: 127.0.0.1:8080, the default data folder, no publish form", () => {
  assert.deepEqual(parseConfig([], {}), {
    host: "127.0.0.1",
    port: 8080,
    dataDir: undefined,
    publishForm: false,
  });
});

test("flags win over their SSEHUB_* twins, which win over defaults", () => {
  const env = {
    SSEHUB_PORT: "9000",
    SSEHUB_HOST: "0.0.0.0",
    SSEHUB_DATA_DIR: "/env",
    SSEHUB_PUBLISH_FORM: "1",
  };
  assert.deepEqual(parseConfig([], env), { host: "0.0.0.0", port: 9000, dataDir: "/env", publishForm: true });
  assert.deepEqual(
    parseConfig(["--port", "0", "--host=::1", "--data-dir", "/flag", "--publish-form=false"], env),
    {
      host: "::1",
      port: 0,
      dataDir: "/flag",
      publishForm: false,
    },
  );
  assert.equal((parseConfig(["--", "--publish-form"], {}) as { publishForm: boolean }).publishForm, true);
});

test("--help, and bad input refused with a ConfigError", () => {
  assert.equal(parseConfig(["--port", "1", "--help"], {}), "help");
  for (const argv of [
    ["--nope"],
    ["--port"],
    ["--port", "http"],
    ["--port", "70000"],
    ["serve"],
    ["--publish-form=maybe"],
  ]) {
    assert.throws(() => parseConfig(argv, {}), ConfigError, argv.join(" "));
  }
});
