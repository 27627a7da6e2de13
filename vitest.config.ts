import { defineConfig } from "vitest/config";
import { TEST_TIMEOUT_MS } from "./vitest.shared.ts";

// One project per package, each with its own vitest.config.ts, plus the client's tests that run inside
// Chromium (browser mode); `pnpm exec vitest run` here runs them all on Node 20 and Chromium. The package
// `test` scripts also run the same files on Node 24, Bun and Deno.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/dashboard", "packages/client/vitest.browser.config.ts"],
    testTimeout: TEST_TIMEOUT_MS,
  },
});
