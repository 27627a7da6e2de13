import { describe, expect, it } from "vitest";
import { run } from "../src/cli/run.ts";
import { loadServeConfig } from "../src/config/serve-config.ts";
import { captureIo } from "./fixtures/cli-io.ts";

describe("ssehub serve --redis", () => {
  it("selects the Redis broker from the flag or SSEHUB_REDIS, with the prefix from either", () => {
    expect(loadServeConfig([]).broker).toEqual({ kind: "memory" });
    expect(loadServeConfig(["--redis", "redis://127.0.0.1:6379"]).broker).toEqual({
      kind: "redis",
      url: "redis://127.0.0.1:6379",
      prefix: "ssehub",
    });
    const env = { SSEHUB_REDIS: "rediss://cache.internal:6380/2", SSEHUB_REDIS_PREFIX: "hub-b" };
    expect(loadServeConfig([], { env }).broker).toEqual({
      kind: "redis",
      url: "rediss://cache.internal:6380/2",
      prefix: "hub-b",
    });
    expect(loadServeConfig(["--redis-prefix", "hub-c"], { env }).broker).toMatchObject({ prefix: "hub-c" });
  });

  it("refuses a URL that is not redis: or rediss:, and a second broker, as usage errors (exit 2)", async () => {
    for (const url of ["http://127.0.0.1:6379", "127.0.0.1:6379"]) {
      const io = captureIo();
      expect(await run(["serve", "--redis", url], io)).toBe(2);
      expect(io.err).toContain("--redis");
    }
    const io = captureIo();
    expect(await run(["serve", "--redis", "redis://127.0.0.1:6379", "--store", "hub.db"], io)).toBe(2);
    expect(io.err).toContain("--store and --redis cannot be used together");
  });

  it("lists both flags with their environment variables in --help", async () => {
    const io = captureIo();
    expect(await run(["serve", "--help"], io)).toBe(0);
    expect(io.out).toMatch(/--redis URL[\s\S]*\(env SSEHUB_REDIS\)/);
    expect(io.out).toMatch(/--redis-prefix NAME[\s\S]*\(env SSEHUB_REDIS_PREFIX; default ssehub\)/);
  });
});
