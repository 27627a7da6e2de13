import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
/** Why the browser tests run once: Chromium is driven from Node only. */
export const BROWSER_SKIP =
  "Bun" in globalThis || "Deno" in globalThis
    ? "browser tests run once, under Node (playwright-core drives Chromium from Node)"
    : false;
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/**
 * Debian's Chromium (`CHROMIUM_PATH` or /usr/bin/chromium) with a fresh profile, one page open.
 * `ignoreHTTPSErrors` accepts a test's self-signed certificate.
 */
export async function launchChromium(options = {}) {
  const { chromium } = await import("playwright-core");
  const userDataDir = await mkdtemp(join(tmpdir(), "ssehub-client-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
