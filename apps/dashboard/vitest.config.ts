import { defineProject, mergeConfig } from "vitest/config";
import { sharedProject } from "../../vitest.shared.ts";

// Not vite.config.ts: the tests are the server's and the end-to-end ones, which drive the built page.
// One file at a time: the end-to-end files each start Chromium and dashboard processes.
export default mergeConfig(
  sharedProject,
  defineProject({ test: { name: "dashboard", fileParallelism: false } }),
);
