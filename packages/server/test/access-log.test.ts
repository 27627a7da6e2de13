import { describe, expect, it } from "vitest";
import { loadServeConfig } from "../src/config/index.ts";
import type { Logger } from "../src/types.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";
import { openStream, postForm } from "./helpers/sse.ts";
import { bearer, KEY, token07 } from "./helpers/tokens.ts";

/** A logger keeping each line as the JSON text `--log-format json` would print. */
function collectingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return {
    logger: { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") },
    lines,
  };
}

const accessLines = (lines: string[]) =>
  lines.map((line) => JSON.parse(line)).filter((line) => line.message === "access");

describe(`access log on ${runtimeName}`, () => {
  it("one line per subscribe (when its stream ends) and publish, with counts and no token from any carrier", async () => {
    const { logger, lines } = collectingLogger();
    const subscriberToken = await token07({ subscribe: ["*"] });
    const publisherToken = await token07({ publish: ["*"] });
    const rejectedToken = `${subscriberToken.slice(0, -4)}AAAA`;
    await withHub({ jwtKey: KEY, accessLog: true, logger }, async ({ endpoint }) => {
      const streams = [
        await openStream(`${endpoint}?topic=a`, { headers: bearer(subscriberToken) }),
        await openStream(`${endpoint}?topic=a&topic=b`, {
          headers: { cookie: `mercureAuthorization=${subscriberToken}` },
        }),
        await openStream(`${endpoint}?topic=a&authorization=${subscriberToken}`),
      ];
      for (const stream of streams) await stream.waitForEvent("ssehub-ready");
      const refused = await fetch(`${endpoint}?topic=a&authorization=${rejectedToken}`);
      expect(refused.status).toBe(401);
      await refused.body?.cancel();
      const fields: [string, string][] = [
        ["topic", "a"],
        ["topic", "c"],
        ["data", "é".repeat(100)],
      ];
      const published = await postForm(endpoint, fields, bearer(publisherToken));
      expect(published.status).toBe(200);
      for (const stream of streams) await stream.waitForUpdates(1);
      const received = streams.map((stream) => new TextEncoder().encode(stream.text()).byteLength);
      for (const stream of streams) await stream.close();
      await waitFor(() => accessLines(lines).length === 5, "five access lines (three streams ended)");

      for (const line of lines) {
        for (const secret of [subscriberToken, publisherToken, rejectedToken]) {
          expect(line.includes(secret), line).toBe(false);
          // Nor any recognisable part of one (its signature).
          expect(line.includes(secret.split(".")[2]!), line).toBe(false);
        }
      }
      const access = accessLines(lines);
      const publish = access.find((line) => line.kind === "publish");
      expect(publish).toMatchObject({
        status: 200,
        topics: 2,
        bytes: new TextEncoder().encode(new URLSearchParams(fields).toString()).byteLength,
      });
      expect(publish.durationMs).toBeGreaterThanOrEqual(0);
      const refusedLine = access.find((line) => line.kind === "subscribe" && line.status === 401);
      expect(refusedLine).toMatchObject({ topics: 0, bytes: 0 });
      const subscribes = access.filter((line) => line.kind === "subscribe" && line.status === 200);
      expect(subscribes.map((line) => line.topics).sort()).toStrictEqual([1, 1, 2]);
      expect(subscribes.map((line) => line.bytes).sort((a, b) => a - b)[0]).toBeGreaterThanOrEqual(
        Math.min(...received),
      );
      for (const line of access) {
        expect(Object.keys(line).sort()).toStrictEqual(
          [
            ...["bytes", "durationMs", "kind", "level", "message", "status", "topics"],
            ...(line.client ? ["client"] : []),
          ].sort(),
        );
      }
      // A stream's line comes when it ends: its duration spans the publish made while it was open.
      expect(Math.min(...subscribes.map((line) => line.durationMs))).toBeGreaterThanOrEqual(
        publish.durationMs,
      );
    });
  });

  it("--access-log and SSEHUB_ACCESS_LOG set the createHub option, false by default", () => {
    expect(loadServeConfig([]).hub.accessLog).toBe(false);
    expect(loadServeConfig(["--access-log"]).hub.accessLog).toBe(true);
    expect(loadServeConfig([], { env: { SSEHUB_ACCESS_LOG: "true" } }).hub.accessLog).toBe(true);
  });

  it("is off by default", async () => {
    const { logger, lines } = collectingLogger();
    await withHub({ allowAnonymous: true, logger }, async ({ endpoint }) => {
      const refused = await fetch(endpoint);
      expect(refused.status).toBe(400);
      await refused.body?.cancel();
    });
    expect(accessLines(lines)).toStrictEqual([]);
  });
});
