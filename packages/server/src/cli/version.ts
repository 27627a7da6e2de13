/// <reference types="node" />
import { readFileSync } from "node:fs";

// Set by the single-file build (`pnpm build:exe`), which carries no package.json beside it.
declare const SSEHUB_VERSION: string | undefined;

/** The package version, read from package.json (two levels up from both src/cli and dist/cli). */
export function packageVersion(): string {
  if (typeof SSEHUB_VERSION === "string") return SSEHUB_VERSION;
  try {
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    return (JSON.parse(text) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}
