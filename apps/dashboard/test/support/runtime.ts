/** True under Node; false under Bun and Deno, which run the same files with `bun test` and vitest-in-Deno. */
export const ON_NODE = !("Bun" in globalThis) && !("Deno" in globalThis);

/** Said in the name of each test that runs under Node only, so its skip on Bun and Deno carries the reason. */
export const NODE_ONLY = {
  chromium: "(Node only: playwright-core drives Chromium from Node)",
  spawnsRuntimes: "(Node only: it starts each runtime itself)",
} as const;
