import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium (test tools cannot download a browser of their own on these machines). */
const EXECUTABLE = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Launches headless Chromium. Playwright gives each launch a fresh temporary user-data-dir and each
 * `newContext()` its own cookies and storage, so two contexts are two independent visitors.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: EXECUTABLE,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Waits until the page's counter shows a number and its connection is open; returns the number. */
export async function waitForLiveCounter(page: Page, expected?: number): Promise<number> {
  await page.waitForFunction(
    (want) => {
      const state = document.querySelector("[data-testid=connection-state]")?.getAttribute("data-state");
      const text = document.querySelector("[data-testid=counter-value]")?.textContent ?? "";
      return state === "open" && /^-?\d+$/.test(text) && (want === undefined || Number(text) === want);
    },
    expected,
    { timeout: 15_000 },
  );
  return Number(await page.getByTestId("counter-value").textContent());
}

/** Waits until the page's connection indicator carries `state`. */
export async function waitForState(page: Page, state: string): Promise<void> {
  await page.waitForFunction(
    (want) => document.querySelector("[data-testid=connection-state]")?.getAttribute("data-state") === want,
    state,
    { timeout: 15_000 },
  );
}
