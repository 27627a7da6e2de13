import { type ClientHttp2Stream, connect, constants } from "node:http2";
import { request } from "node:https";
import { describe, expect, it } from "vitest";
import { certificateSkip, selfSignedCertificate } from "./helpers/certificate.ts";
import { runtimeName, waitFor, withHub } from "./helpers/runtime.ts";

// HTTPS on each runtime's server; HTTP/2 where the server speaks it (Node, by ALPN with HTTP/1.1 fallback;
// Deno). Bun.serve has no HTTP/2: it serves HTTPS over HTTP/1.1.
const tls = certificateSkip ? undefined : selfSignedCertificate();
const speaksH2 = runtimeName !== "bun";

/** Reads an HTTP/2 stream's body as text as it arrives. */
function collect(stream: ClientHttp2Stream): { text: () => string } {
  let text = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    text += chunk;
  });
  return { text: () => text };
}

describe.skipIf(certificateSkip)("TLS", () => {
  it.skipIf(!speaksH2)(
    `${runtimeName}: 20 subscriptions share one HTTP/2 connection; a publish reaches all; a cancel frees one`,
    async () => {
      await withHub(
        { allowAnonymous: true, heartbeat: 0 },
        async ({ hub, url }) => {
          expect(url.startsWith("https://")).toBe(true);
          const session = connect(url, { ca: tls!.cert });
          try {
            await new Promise<void>((resolve, reject) => {
              session.once("connect", () => resolve());
              session.once("error", reject);
            });
            expect(session.alpnProtocol).toBe("h2");
            const streams = Array.from({ length: 20 }, () =>
              session.request({ ":method": "GET", ":path": "/.well-known/mercure?topic=urn:h2" }),
            );
            const bodies = streams.map(collect);
            await waitFor(
              () => bodies.every((body) => body.text().includes("event: ssehub-ready")),
              "20 ssehub-ready markers",
              10_000,
            );
            expect(hub.stats().connections).toBe(20);
            await hub.publish({ topics: "urn:h2", data: "over h2" });
            await waitFor(
              () => bodies.every((body) => body.text().includes("data: over h2\n")),
              "the update on all 20 streams",
              10_000,
            );
            streams[0]!.close(constants.NGHTTP2_CANCEL);
            await waitFor(() => hub.stats().connections === 19, "the cancelled stream's subscriber to leave");
            for (const stream of streams.slice(1)) stream.close(constants.NGHTTP2_CANCEL);
            await waitFor(() => hub.stats().connections === 0, "every subscriber to leave");
          } finally {
            session.destroy();
          }
        },
        { tls },
      );
    },
    30_000,
  );

  it(`${runtimeName}: HTTPS over HTTP/1.1 serves the hub`, async () => {
    await withHub(
      { allowAnonymous: true },
      async ({ url }) => {
        const body = await new Promise<{ status: number; text: string; protocol: string }>(
          (resolve, reject) => {
            const req = request(`${url}/healthz`, { ca: tls!.cert }, (res) => {
              let text = "";
              res.setEncoding("utf8");
              res.on("data", (chunk: string) => {
                text += chunk;
              });
              res.on("end", () => resolve({ status: res.statusCode ?? 0, text, protocol: res.httpVersion }));
            });
            req.setTimeout(10_000, () => req.destroy(new Error("timed out waiting for /healthz over HTTPS")));
            req.on("error", reject);
            req.end();
          },
        );
        expect(body).toEqual({ status: 200, text: "ok\n", protocol: "1.1" });
      },
      { tls },
    );
  }, 30_000);
});
