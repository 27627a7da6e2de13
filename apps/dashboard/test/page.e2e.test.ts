import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, waitForLiveCounter } from "./support/chromium.ts";
import { type DashboardProcess, startDashboard } from "./support/dashboard-process.ts";
import { freePort } from "./support/free-port.ts";
import { testOutputDir } from "./support/paths.ts";
import { NODE_ONLY, ON_NODE } from "./support/runtime.ts";

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

describe.skipIf(!ON_NODE)(`the page, with the publish form enabled ${NODE_ONLY.chromium}`, () => {
  let dataDir: string;
  let server: DashboardProcess;
  let browser: Browser;
  let axeSource: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "ssehub-dashboard-"));
    const port = await freePort();
    [server, browser] = await Promise.all([
      startDashboard({ port, dataDir, args: ["--publish-form"] }),
      launchChromium(),
    ]);
    axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    await mkdir(testOutputDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A page at the viewport, live, with the stats feed drawn at least once; `prepare` runs before loading. */
  async function openPage(
    viewport: { width: number; height: number },
    prepare?: (page: Page) => void,
  ): Promise<Page> {
    const page = await browser.newPage({ viewport });
    prepare?.(page);
    await page.goto(server.url);
    await waitForLiveCounter(page);
    await page.waitForFunction(() =>
      /\d/.test(document.querySelector("[data-testid=stats-connections]")?.textContent ?? ""),
    );
    return page;
  }

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: no serious or critical axe violation, screenshot written`, async () => {
      const page = await openPage(viewport);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow <= 0, `no horizontal scrolling (page is ${overflow}px too wide)`).toBeTruthy();

      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }
        ).axe.run();
        return result.violations.map(({ id, impact, help, nodes }) => ({
          id,
          impact,
          help,
          nodes: nodes.map(({ target }) => ({ target })),
        }));
      });
      const grave = violations.filter(
        (violation) => violation.impact === "serious" || violation.impact === "critical",
      );
      expect(grave, JSON.stringify(grave, null, 2)).toStrictEqual([]);

      await page.screenshot({
        path: join(testOutputDir, `dashboard-${viewport.width}x${viewport.height}.png`),
        fullPage: true,
      });
      await page.close();
    });
  }

  it("one SSE connection carries both the counter and the stats", async () => {
    const streams: string[] = [];
    const page = await openPage({ width: 1280, height: 800 }, (fresh) =>
      fresh.on("request", (request) => {
        if (new URL(request.url()).pathname === "/.well-known/mercure") streams.push(request.url());
      }),
    );
    expect(streams.length, streams.join("\n")).toBe(1);
    const topics = new URL(streams[0]!).searchParams.getAll("topic");
    expect(topics.sort()).toStrictEqual(["urn:ssehub:counter", "urn:ssehub:stats"]);
    await page.close();
  });

  it("the publish form publishes through the server and the log filters by topic", async () => {
    const page = await openPage({ width: 1280, height: 800 });
    const form = page.getByTestId("publish-form");
    await form.getByLabel("Topic", { exact: true }).fill("urn:example:greeting");
    await form.getByLabel("Data", { exact: true }).fill("hello from the form");
    await form.getByRole("button", { name: "Publish" }).click();

    const log = page.getByTestId("update-log");
    await log.getByText("hello from the form").waitFor();
    await page.getByTestId("counter-increment").click();
    await log.getByText("urn:ssehub:counter").first().waitFor();

    await page.getByLabel("Filter by topic").fill("greeting");
    await page.waitForFunction(() => {
      const text = document.querySelector("[data-testid=update-log]")?.textContent ?? "";
      return text.includes("hello from the form") && !text.includes("urn:ssehub:counter");
    });
    await page.close();
  });
});
