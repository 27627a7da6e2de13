import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliEnv, cliSkip, runCliProcess, startCli } from "./fixtures/cli-process.ts";
import { certificateSkip, selfSignedCertificate } from "./helpers/certificate.ts";

const dir = mkdtempSync(join(tmpdir(), "ssehub-cli-ops-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function status(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, text: await response.text() };
}

describe.skipIf(cliSkip)("ssehub serve: admin listener and TLS", () => {
  it("--admin-port moves /healthz, /readyz and /metrics off the public port", async () => {
    const cli = startCli(["serve", "--port", "0", "--admin-port", "0", "--allow-anonymous"], cliEnv());
    try {
      const [, url] = await cli.waitForStdout(/listening on (http:\/\/\S+)/);
      const [, admin] = await cli.waitForStdout(/health\s+(http:\/\/\S+)\/healthz/);
      expect(admin).not.toBe(url);
      expect((await status(`${url}/healthz`)).status).toBe(404);
      expect((await status(`${url}/metrics`)).status).toBe(404);
      expect(await status(`${admin}/healthz`)).toEqual({ status: 200, text: "ok\n" });
      expect(await status(`${admin}/readyz`)).toEqual({ status: 200, text: "ready\n" });
      const metrics = await status(`${admin}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.text).toMatch(/^ssehub_connections 0$/m);
      expect((await status(`${admin}/.well-known/mercure?topic=x`)).status).toBe(404);
      cli.signal("SIGTERM");
      expect(await cli.exited).toBe(0);
    } finally {
      cli.stop();
    }
  }, 30_000);

  it.skipIf(certificateSkip)(
    "--tls-cert and --tls-key serve HTTPS",
    async () => {
      const tls = selfSignedCertificate();
      writeFileSync(join(dir, "cert.pem"), tls.cert);
      writeFileSync(join(dir, "key.pem"), tls.key);
      const cli = startCli(
        ["serve", "--port", "0", "--tls-cert", join(dir, "cert.pem"), "--tls-key", join(dir, "key.pem")],
        cliEnv(),
      );
      try {
        const [, url] = await cli.waitForStdout(/listening on (https:\/\/\S+)/);
        const health = await new Promise<string>((resolve, reject) => {
          const req = request(`${url}/healthz`, { ca: tls.cert }, (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => {
              text += chunk;
            });
            res.on("end", () => resolve(`${res.statusCode} ${text}`));
          });
          req.setTimeout(5000, () => req.destroy(new Error("timed out waiting for /healthz over HTTPS")));
          req.on("error", reject);
          req.end();
        });
        expect(health).toBe("200 ok\n");
        cli.signal("SIGTERM");
        expect(await cli.exited).toBe(0);
      } finally {
        cli.stop();
      }
    },
    30_000,
  );

  it("--tls-cert without --tls-key, or an unreadable file, exits 2 naming the flag", () => {
    const alone = runCliProcess(["serve", "--port", "0", "--tls-cert", join(dir, "missing.pem")]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--tls-cert and --tls-key go together/);
    const missing = runCliProcess([
      "serve",
      "--port",
      "0",
      "--tls-cert",
      join(dir, "missing.pem"),
      "--tls-key",
      join(dir, "missing-key.pem"),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--tls-cert: cannot read .*missing\.pem \(ENOENT\)/);
  });
});
