import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The dashboard package's folder, found from this file. */
export const appDir = findAppDir(dirname(fileURLToPath(import.meta.url)));

/** A binary installed at the workspace root (bun, deno). */
export function rootBin(name: string): string {
  return join(appDir, "..", "..", "node_modules", ".bin", name);
}

/** Where the suite writes screenshots (git-ignored). */
export const testOutputDir = join(appDir, "test-output");

function findAppDir(start: string): string {
  for (let directory = start; directory !== dirname(directory); directory = dirname(directory)) {
    const manifest = join(directory, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "@ssehub/dashboard") {
      return directory;
    }
  }
  throw new Error(`no @ssehub/dashboard package above ${start}`);
}
