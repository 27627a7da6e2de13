import { defineConfig } from "vitest/config";

// One Chromium and three servers, one after the other: the machine is small.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false } });
