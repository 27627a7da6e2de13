import { defineConfig } from "vitest/config";

// One consumer project, installed once in beforeAll, then used by every test in turn.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 400_000, fileParallelism: false } });
