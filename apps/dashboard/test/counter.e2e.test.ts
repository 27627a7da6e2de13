import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, waitForLiveCounter, waitForState } from "./support/chromium.ts";
import { type DashboardProcess, startDashboard } from "./support/dashboard-process.ts";
import { freePort } from "./support/free-port.ts";
import { NODE_ONLY, ON_NODE } from "./support/runtime.ts";

// One server and two browser contexts (two independent visitors) shared by the steps below, which run in
// order: each starts from the value the previous one left.
describe.skipIf(!ON_NODE)(`live counter across two browser contexts ${NODE_ONLY.chromium}`, () => {
  let port: number;
  let dataDir: string;
  let server: DashboardProcess;
  let browser: Browser;
  let contextB: BrowserContext;
  let pageA: Page;
  let pageB: Page;

  beforeAll(async () => {
    port = await freePort();
    dataDir = await mkdtemp(join(tmpdir(), "ssehub-dashboard-"));
    [server, browser] = await Promise.all([startDashboard({ port, dataDir }), launchChromium()]);
    const [contextA, secondContext] = await Promise.all([browser.newContext(), browser.newContext()]);
    contextB = secondContext;
    [pageA, pageB] = await Promise.all([contextA.newPage(), contextB.newPage()]);
    await Promise.all([pageA.goto(server.url), pageB.goto(server.url)]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("a fresh server starts at 0 and both pages are live", async () => {
    expect(await waitForLiveCounter(pageA)).toBe(0);
    expect(await waitForLiveCounter(pageB)).toBe(0);
  });

  it("a click in one context updates the other", async () => {
    await pageA.getByTestId("counter-increment").click();
    await waitForLiveCounter(pageB, 1);
    await waitForLiveCounter(pageA, 1);
  });

  it("ten concurrent clicks spread over both contexts end at exactly +10 on both", async () => {
    const start = await waitForLiveCounter(pageA);
    const clicks = [pageA, pageB, pageA, pageB, pageA, pageB, pageA, pageB, pageA, pageB].map((page) =>
      page.getByTestId("counter-increment").click(),
    );
    await Promise.all(clicks);
    await Promise.all([waitForLiveCounter(pageA, start + 10), waitForLiveCounter(pageB, start + 10)]);
    const stored = JSON.parse(await readFile(join(dataDir, "counter.json"), "utf8"));
    expect(stored).toStrictEqual({ value: start + 10 });
  });

  it("decrement and reset reach both contexts", async () => {
    const start = await waitForLiveCounter(pageA);
    await pageB.getByTestId("counter-decrement").click();
    await waitForLiveCounter(pageA, start - 1);
    await pageA.getByTestId("counter-reset").click();
    await Promise.all([waitForLiveCounter(pageA, 0), waitForLiveCounter(pageB, 0)]);
    await pageB.getByTestId("counter-increment").click();
    await Promise.all([waitForLiveCounter(pageA, 1), waitForLiveCounter(pageB, 1)]);
  });

  it("a reload shows the retained value", async () => {
    const value = await waitForLiveCounter(pageA);
    await pageA.reload();
    expect(await waitForLiveCounter(pageA)).toBe(value);
  });

  it("the counter works from the keyboard alone, with visible focus", async () => {
    const start = await waitForLiveCounter(pageA);
    await pageA.reload();
    await waitForLiveCounter(pageA, start);
    const focusedTestId = (): Promise<string | null> =>
      pageA.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);
    // Tab from the top of the page until the increment button has the focus.
    for (let presses = 0; (await focusedTestId()) !== "counter-increment"; presses++) {
      expect(presses < 20, "the increment button is reachable with Tab").toBeTruthy();
      await pageA.keyboard.press("Tab");
    }
    const outline = await pageA.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline, "the focused button shows a focus outline").not.toBe("none");

    await pageA.keyboard.press("Enter");
    await waitForLiveCounter(pageB, start + 1);
    await pageA.keyboard.press("Space");
    await waitForLiveCounter(pageB, start + 2);
    await pageA.keyboard.press("Shift+Tab");
    expect(await focusedTestId()).toBe("counter-decrement");
    await pageA.keyboard.press("Enter");
    await waitForLiveCounter(pageB, start + 1);
    await pageA.keyboard.press("Tab");
    await pageA.keyboard.press("Tab");
    expect(await focusedTestId()).toBe("counter-reset");
    await pageA.keyboard.press("Enter");
    await Promise.all([waitForLiveCounter(pageA, 0), waitForLiveCounter(pageB, 0)]);
    await pageA.keyboard.press("Shift+Tab");
    await pageA.keyboard.press("Enter");
    await Promise.all([waitForLiveCounter(pageA, 1), waitForLiveCounter(pageB, 1)]);
  });

  it("the indicator shows offline while the browser is offline; back online, the page catches up", async () => {
    const start = await waitForLiveCounter(pageA);
    await contextB.setOffline(true);
    await waitForState(pageB, "offline");
    await pageA.getByTestId("counter-increment").click();
    await waitForLiveCounter(pageA, start + 1);
    await contextB.setOffline(false);
    await waitForLiveCounter(pageB, start + 1);
  });

  it("after a server restart both pages reconnect by themselves and a new page sees the old value", async () => {
    const value = await waitForLiveCounter(pageA);
    await server.stop();
    await Promise.all([waitForState(pageA, "reconnecting"), waitForState(pageB, "reconnecting")]);
    // While the server is away, the indicator says why (the client's reason for the failed connect).
    await pageA.waitForFunction(
      () =>
        (document.querySelector("[data-testid=connection-state] .connection-reason")?.textContent ?? "") !==
        "",
      undefined,
      { timeout: 15_000 },
    );

    server = await startDashboard({ port, dataDir });
    await Promise.all([waitForLiveCounter(pageA, value), waitForLiveCounter(pageB, value)]);
    const pageC = await (await browser.newContext()).newPage();
    await pageC.goto(server.url);
    expect(await waitForLiveCounter(pageC)).toBe(value);

    // The reconnected pages are live, not just showing the old value.
    await pageC.getByTestId("counter-increment").click();
    await Promise.all([waitForLiveCounter(pageA, value + 1), waitForLiveCounter(pageB, value + 1)]);
  });
});
