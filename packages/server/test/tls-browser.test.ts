import { describe, expect, it } from "vitest";
import { BROWSER_SKIP, launchChromium } from "../../client/test/helpers/browser.ts";
import { certificateSkip, selfSignedCertificate } from "./helpers/certificate.ts";
import { waitFor, withHub } from "./helpers/runtime.ts";

// A browser opens at most six HTTP/1.1 connections per origin, each open EventSource holding one: 20
// EventSources on one page can all be live only when they share an HTTP/2 connection (Node's TLS server).
const STREAMS = 20;

/** What the page keeps about its EventSources. */
interface PageState {
  ready: number;
  received: string[];
  sources: EventSource[];
}

describe.skipIf(BROWSER_SKIP || certificateSkip)("Chromium over HTTP/2", () => {
  it(`${STREAMS} EventSources on one page all receive a publish; closing one frees its subscriber`, async () => {
    const tls = selfSignedCertificate();
    await withHub(
      { allowAnonymous: true, heartbeat: 0 },
      async ({ hub, url }) => {
        const chromium = await launchChromium({ ignoreHTTPSErrors: true });
        try {
          const { page } = chromium;
          await page.goto(`${url}/`);
          const protocol = await page.evaluate(
            () =>
              (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).nextHopProtocol,
          );
          expect(protocol).toBe("h2");
          await page.evaluate((count) => {
            const state: PageState = { ready: 0, received: [], sources: [] };
            (globalThis as unknown as { h2: PageState }).h2 = state;
            for (let i = 0; i < count; i++) {
              const source = new EventSource("/.well-known/mercure?topic=urn:h2-browser");
              source.addEventListener("ssehub-ready", () => state.ready++);
              source.onmessage = (event) => state.received.push(event.data);
              state.sources.push(source);
            }
          }, STREAMS);
          await page.waitForFunction(
            (count) => (globalThis as unknown as { h2: PageState }).h2.ready === count,
            STREAMS,
            {
              timeout: 15_000,
            },
          );
          expect(hub.stats().connections).toBe(STREAMS);
          await hub.publish({ topics: "urn:h2-browser", data: "to every tab" });
          await page.waitForFunction(
            (count) => (globalThis as unknown as { h2: PageState }).h2.received.length === count,
            STREAMS,
            {
              timeout: 15_000,
            },
          );
          expect(await page.evaluate(() => (globalThis as unknown as { h2: PageState }).h2.received)).toEqual(
            Array(STREAMS).fill("to every tab"),
          );
          await page.evaluate(() => (globalThis as unknown as { h2: PageState }).h2.sources[0]!.close());
          await waitFor(
            () => hub.stats().connections === STREAMS - 1,
            "the closed EventSource's subscriber to leave",
          );
        } finally {
          await chromium.close();
        }
      },
      { tls },
    );
  }, 60_000);
});
