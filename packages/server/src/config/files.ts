/// <reference types="node" />
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TlsOptions } from "../runtime/serve-options.ts";
import { ConfigError } from "./errors.ts";
import type { FlagSpec } from "./flag-spec.ts";
import type { ParsedArgs } from "./parse-args.ts";

/** Reads a text file; injectable so callers can test or sandbox file access. */
export type ReadText = (path: string) => string;

/** Reads a UTF-8 file with `node:fs` (which Node, Bun and Deno all provide). */
export const readText: ReadText = (path) => readFileSync(path, "utf8");

/** Replaces each `@path` value of a `file` flag by that file's content, trimmed. */
export function resolveFileValues(
  parsed: ParsedArgs,
  specs: readonly FlagSpec[],
  read: ReadText = readText,
): void {
  for (const spec of specs) {
    const value = parsed.values[spec.name];
    if (!spec.file || typeof value !== "string" || !value.startsWith("@")) continue;
    parsed.values[spec.name] = readOrFail(value.slice(1), `--${spec.name}`, read).trim();
  }
}

/** The `index.html` of a `--static` directory. */
export function readIndexHtml(dir: string, read: ReadText = readText): string {
  return readOrFail(join(dir, "index.html"), "--static", read);
}

/** The certificate and key files of `--tls-cert` and `--tls-key`; both or neither. */
export function readTlsFiles(
  certPath: string | undefined,
  keyPath: string | undefined,
  read: ReadText = readText,
): TlsOptions | undefined {
  if (certPath === undefined && keyPath === undefined) return undefined;
  if (certPath === undefined || keyPath === undefined) {
    throw new ConfigError("--tls-cert and --tls-key go together: give both or neither");
  }
  return { cert: readOrFail(certPath, "--tls-cert", read), key: readOrFail(keyPath, "--tls-key", read) };
}

function readOrFail(path: string, source: string, read: ReadText): string {
  try {
    return read(path);
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new ConfigError(`${source}: cannot read ${path} (${reason})`);
  }
}
