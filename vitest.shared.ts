import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

/** Per-test limit on every runtime; the package scripts give `bun test --timeout` the same figure. */
export const TEST_TIMEOUT_MS = 30_000;

/**
 * What every package's vitest project shares: tests run on the workspace packages' TypeScript sources
 * (the `source` export condition, as under Bun and Deno), and no test or hook can wait forever.
 */
export const sharedProject = defineProject({
  // `source` first, then Vite's own defaults (vite's defaultClientConditions / defaultServerConditions).
  resolve: { conditions: ["source", "module", "browser", "development|production"] },
  ssr: { resolve: { conditions: ["source", "module", "node", "development|production"] } },
  test: {
    include: ["test/**/*.test.ts"],
    // Fails the run when it is not on the runtime its script names (SSEHUB_TEST_RUNTIME).
    setupFiles: [fileURLToPath(new URL("./scripts/expect-runtime.ts", import.meta.url))],
    environment: "node",
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: TEST_TIMEOUT_MS,
    teardownTimeout: TEST_TIMEOUT_MS,
  },
});
