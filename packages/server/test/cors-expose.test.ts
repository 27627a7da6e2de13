import { describe, expect, it } from "vitest";
import { runtimeName, withHub } from "./helpers/runtime.ts";

// Issue 13: browser code on another origin can only read the response headers the hub exposes; the
// client honours Retry-After and resumes from the Last-Event-ID headers, and discovery reads Link.

/** The names in an Access-Control-Expose-Headers value, lower case. */
function exposed(response: Response): string[] {
  const value = response.headers.get("access-control-expose-headers") ?? "";
  return value.split(",").map((name) => name.trim().toLowerCase());
}

describe(`CORS exposed headers on ${runtimeName}`, () => {
  it("a listed origin may read Retry-After, Link and the Last-Event-ID headers, on a refusal and on a stream", async () => {
    const origin = "https://app.test";
    await withHub(
      { allowAnonymous: true, corsOrigins: [origin], maxConnections: 1 },
      async ({ endpoint }) => {
        const controller = new AbortController();
        const stream = await fetch(`${endpoint}?topic=a`, { headers: { origin }, signal: controller.signal });
        const refused = await fetch(`${endpoint}?topic=a`, { headers: { origin } });
        try {
          expect(stream.status).toBe(200);
          expect(refused.status).toBe(503);
          expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
          for (const response of [stream, refused]) {
            expect(response.headers.get("access-control-allow-origin")).toBe(origin);
            expect(exposed(response)).toEqual(
              expect.arrayContaining(["retry-after", "link", "last-event-id", "mercure-last-event-id"]),
            );
          }
        } finally {
          await refused.body?.cancel();
          controller.abort();
          await stream.body?.cancel().catch(() => {});
        }
      },
    );
  });
});
