import { describe, expect, it } from "vitest";
import { loadServeConfig } from "../src/config/serve-config.ts";
import { DEFAULT_HISTORY_MAX_BYTES, DEFAULT_MAX_RETAINED } from "../src/core/broker-bounds.ts";
import { createHub } from "../src/create-hub.ts";

describe("history and retained bounds as flags", () => {
  it("--history-max-bytes takes a size, --max-retained a count; their SSEHUB_* twins too; defaults shared with createHub", () => {
    const flags = loadServeConfig(["--history-max-bytes", "2MiB", "--max-retained", "50"]).hub;
    expect(flags).toMatchObject({ historyMaxBytes: 2 * 1024 * 1024, maxRetained: 50 });
    const env = loadServeConfig([], {
      env: { SSEHUB_HISTORY_MAX_BYTES: "64KiB", SSEHUB_MAX_RETAINED: "7" },
    }).hub;
    expect(env).toMatchObject({ historyMaxBytes: 64 * 1024, maxRetained: 7 });
    const defaults = loadServeConfig([]).hub;
    expect(defaults).toMatchObject({
      historyMaxBytes: DEFAULT_HISTORY_MAX_BYTES,
      maxRetained: DEFAULT_MAX_RETAINED,
    });
    expect(() => loadServeConfig(["--max-retained", "-1"])).toThrow(/max-retained/);
    expect(() => loadServeConfig(["--history-max-bytes", "lots"])).toThrow(/history-max-bytes/);
  });

  it("createHub refuses a bound that would remove the limit", () => {
    for (const option of ["historyMaxBytes", "maxRetained"] as const) {
      for (const value of [-1, 0.5, Number.POSITIVE_INFINITY]) {
        expect(() => createHub({ [option]: value }), `${option}=${value}`).toThrow(RangeError);
      }
    }
  });
});
