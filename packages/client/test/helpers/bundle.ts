import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The client package's folder, found from this file whether it runs from sources or from .test-dist. */
export function packageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!isClientPackage(dir)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("@ssehub/client package.json not found");
    dir = parent;
  }
  return dir;
}

function isClientPackage(dir: string): boolean {
  const file = join(dir, "package.json");
  return existsSync(file) && JSON.parse(readFileSync(file, "utf8")).name === "@ssehub/client";
}

/**
 * Bundles `source` (TypeScript, imports relative to the package folder) for the browser with esbuild:
 * ESM, every dependency inlined (workspace packages from their sources) except `external`.
 */
export async function browserBundle(
  source: string,
  minify: boolean,
  external: string[] = [],
): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: packageDir(), loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["source"],
    minify,
    external,
    write: false,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error("esbuild produced no output");
  return output.text;
}
