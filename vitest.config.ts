import { defineConfig } from "vitest/config";
import { TEST_TIMEOUT_MS } from "./vitest.shared.ts";

// One project per package, each with its own vitest.config.ts; `pnpm exec vitest run` here runs them all
// on Node. The package `test` scripts also run the same files on Bun and Deno.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/dashboard"],
    testTimeout: TEST_TIMEOUT_MS,
  },
});
