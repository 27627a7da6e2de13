import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Runtime, type ServerProcess, startServer } from "./server-process.ts";

// Two pages with the browser's own EventSource see the same values, whichever runtime serves the example.

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
});
afterAll(() => browser?.close());

const text = (page: Page, id: string): Promise<string> =>
  page.evaluate((selector) => document.getElementById(selector)?.textContent ?? "", id);

/** Waits (15 s at most) until `condition` holds for the pages' texts; fails naming `what`. */
async function until(what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sameOnBoth = async (
  pages: Page[],
  id: string,
  accept: (value: string) => boolean,
): Promise<boolean> => {
  const [a, b] = await Promise.all(pages.map((page) => text(page, id)));
  return a === b && a !== undefined && accept(a);
};

for (const runtime of ["node", "bun", "deno"] as Runtime[]) {
  describe(`the live counter served by ${runtime}`, () => {
    let server: ServerProcess;
    beforeAll(async () => {
      server = await startServer(runtime);
    });
    afterAll(() => server?.stop());

    it("two pages see the same count after clicks on either, and the same time every second", async () => {
      const context = await browser.newContext();
      try {
        const pages = [await context.newPage(), await context.newPage()];
        await Promise.all(pages.map((page) => page.goto(server.url)));
        await until("both pages to show count 0", () => sameOnBoth(pages, "count", (v) => v === "0"));
        const [a, b] = pages as [Page, Page];
        await a.click("#click");
        await b.click("#click");
        await a.click("#click");
        await until("both pages to show count 3", () => sameOnBoth(pages, "count", (v) => v === "3"));
        // The time changes every second: both pages show one value, then both a later one.
        const isTime = (value: string): boolean => !Number.isNaN(Date.parse(value));
        await until("both pages to show the same time", () => sameOnBoth(pages, "time", isTime));
        const first = await text(a, "time");
        await until("both pages to show the same later time", () =>
          sameOnBoth(pages, "time", (value) => isTime(value) && value > first),
        );
        // A page opened now starts from the retained state, without a click.
        const late = await context.newPage();
        await late.goto(server.url);
        await until("the late page to show count 3", async () => (await text(late, "count")) === "3");
        expect(await Promise.all([...pages, late].map((page) => text(page, "status")))).toEqual(["", "", ""]);
      } finally {
        await context.close();
      }
    });
  });
}
