import { defineProject, mergeConfig } from "vitest/config";
import { sharedProject } from "../../vitest.shared.ts";

// The packages' settings with a short time limit, so the check of the limit itself is quick.
export default mergeConfig(
  sharedProject,
  defineProject({ test: { name: "failing-run", testTimeout: 2_000, hookTimeout: 2_000 } }),
);
