import { playwright } from "@vitest/browser-playwright";
import { defineProject } from "vitest/config";
import { TEST_TIMEOUT_MS } from "../../vitest.shared.ts";

// The client's tests that run inside Chromium itself (vitest browser mode), against a real hub that
// test/in-browser/hub.global-setup.ts serves from Node. Debian's Chromium: test tools cannot download a
// browser of their own on these machines.
export default defineProject({
  resolve: { conditions: ["source", "module", "browser", "development|production"] },
  test: {
    name: "client-browser",
    include: ["test/in-browser/**/*.browser-test.ts"],
    globalSetup: ["test/in-browser/hub.global-setup.ts"],
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: TEST_TIMEOUT_MS,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
          ],
        },
      }),
      instances: [{ browser: "chromium" }],
    },
  },
});
