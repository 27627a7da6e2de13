import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TlsOptions } from "../../src/runtime/serve-options.ts";

/** Why a certificate cannot be made here (no `openssl`), or false. */
export const certificateSkip: string | false =
  spawnSync("openssl", ["version"]).status === 0 ? false : "no openssl to make a test certificate";

/** A self-signed P-256 certificate for 127.0.0.1 and localhost, valid for a day, made by `openssl`. */
export function selfSignedCertificate(): TlsOptions {
  const dir = mkdtempSync(join(tmpdir(), "ssehub-cert-"));
  try {
    const result = spawnSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-days",
        "1",
      ],
      { encoding: "utf8", timeout: 20_000 },
    );
    if (result.status !== 0) throw new Error(`openssl failed: ${result.stderr}`);
    return {
      cert: readFileSync(join(dir, "cert.pem"), "utf8"),
      key: readFileSync(join(dir, "key.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
