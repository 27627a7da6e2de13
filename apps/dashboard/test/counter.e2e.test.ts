import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, waitForLiveCounter, waitForState } from "./support/chromium.ts";
import { type DashboardProcess, startDashboard } from "./support/dashboard-process.ts";
import { freePort } from "./support/free-port.ts";

// One server and two browser contexts (two independent visitors) shared by the steps below, which run in
// order: each starts from the value the previous one left.
describe("live counter across two browser contexts", () => {
  let port: number;
  let dataDir: string;
  let server: DashboardProcess;
  let browser: Browser;
  let contextB: BrowserContext;
  let pageA: Page;
  let pageB: Page;

  before(async () => {
    port = await freePort();
    dataDir = await mkdtemp(join(tmpdir(), "ssehub-dashboard-"));
    [server, browser] = await Promise.all([startDashboard({ port, dataDir }), launchChromium()]);
    const [contextA, secondContext] = await Promise.all([browser.newContext(), browser.newContext()]);
    contextB = secondContext;
    [pageA, pageB] = await Promise.all([contextA.newPage(), contextB.newPage()]);
    await Promise.all([pageA.goto(server.url), pageB.goto(server.url)]);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test("a fresh server starts at 0 and both pages are live", async () => {
    assert.equal(await waitForLiveCounter(pageA), 0);
    assert.equal(await waitForLiveCounter(pageB), 0);
  });

  test("a click in one context updates the other", async () => {
    await pageA.getByTestId("counter-increment").click();
    await waitForLiveCounter(pageB, 1);
    await waitForLiveCounter(pageA, 1);
  });

  test("ten concurrent clicks spread over both contexts end at exactly +10 on both", async () => {
    const start = await waitForLiveCounter(pageA);
    const clicks = [pageA, pageB, pageA, pageB, pageA, pageB, pageA, pageB, pageA, pageB].map((page) =>
      page.getByTestId("counter-increment").click(),
    );
    await Promise.all(clicks);
    await Promise.all([waitForLiveCounter(pageA, start + 10), waitForLiveCounter(pageB, start + 10)]);
    const stored = JSON.parse(await readFile(join(dataDir, "counter.json"), "utf8"));
    assert.deepEqual(stored, { value: start + 10 });
  });

  test("decrement and reset reach both contexts", async () => {
    const start = await waitForLiveCounter(pageA);
    await pageB.getByTestId("counter-decrement").click();
    await waitForLiveCounter(pageA, start - 1);
    await pageA.getByTestId("counter-reset").click();
    await Promise.all([waitForLiveCounter(pageA, 0), waitForLiveCounter(pageB, 0)]);
    await pageB.getByTestId("counter-increment").click();
    await Promise.all([waitForLiveCounter(pageA, 1), waitForLiveCounter(pageB, 1)]);
  });

  test("a reload shows the retained value", async () => {
    const value = await waitForLiveCounter(pageA);
    await pageA.reload();
    assert.equal(await waitForLiveCounter(pageA), value);
  });

  test("the counter works from the keyboard alone, with visible focus", async () => {
    const start = await waitForLiveCounter(pageA);
    await pageA.reload();
    await waitForLiveCounter(pageA, start);
    const focusedTestId = (): Promise<string | null> =>
      pageA.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);
    // Tab from the top of the page until the increment button has the focus.
    for (let presses = 0; (await focusedTestId()) !== "counter-increment"; presses++) {
      assert.ok(presses < 20, "the increment button is reachable with Tab");
      await pageA.keyboard.press("Tab");
    }
    const outline = await pageA.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(outline, "none", "the focused button shows a focus outline");

    await pageA.keyboard.press("Enter");
    await waitForLiveCounter(pageB, start + 1);
    await pageA.keyboard.press("Space");
    await waitForLiveCounter(pageB, start + 2);
    await pageA.keyboard.press("Shift+Tab");
    assert.equal(await focusedTestId(), "counter-decrement");
    await pageA.keyboard.press("Enter");
    await waitForLiveCounter(pageB, start + 1);
    await pageA.keyboard.press("Tab");
    await pageA.keyboard.press("Tab");
    assert.equal(await focusedTestId(), "counter-reset");
    await pageA.keyboard.press("Enter");
    await Promise.all([waitForLiveCounter(pageA, 0), waitForLiveCounter(pageB, 0)]);
    await pageA.keyboard.press("Shift+Tab");
    await pageA.keyboard.press("Enter");
    await Promise.all([waitForLiveCounter(pageA, 1), waitForLiveCounter(pageB, 1)]);
  });

  test("the indicator shows offline while the browser is offline; back online, the page catches up", async () => {
    const start = await waitForLiveCounter(pageA);
    await contextB.setOffline(true);
    await waitForState(pageB, "offline");
    await pageA.getByTestId("counter-increment").click();
    await waitForLiveCounter(pageA, start + 1);
    await contextB.setOffline(false);
    await waitForLiveCounter(pageB, start + 1);
  });

  test("after a server restart both pages reconnect by themselves and a new page sees the old value", async () => {
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
    assert.equal(await waitForLiveCounter(pageC), value);

    // The reconnected pages are live, not just showing the old value.
    await pageC.getByTestId("counter-increment").click();
    await Promise.all([waitForLiveCounter(pageA, value + 1), waitForLiveCounter(pageB, value + 1)]);
  });
});
