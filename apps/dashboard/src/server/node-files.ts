// File access for the runtime entry points. Node, Bun and Deno all provide node:fs, so the one small file
// serves the three; the shared server code only sees the TextStore and ReadAsset interfaces.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { ReadAsset } from "./static-files.ts";
import type { TextStore } from "./text-store.ts";

/** A TextStore over a folder, created on first write; writes go to a temporary file renamed into place. */
export function createFileStore(directory: string): TextStore {
  let sequence = 0;
  return {
    async read(name) {
      try {
        return await readFile(join(directory, name), "utf8");
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async write(name, text) {
      await mkdir(directory, { recursive: true });
      const temporary = join(directory, `.${name}.${Date.now()}-${sequence++}.tmp`);
      await writeFile(temporary, text, "utf8");
      // rename() replaces the target in one step, so a crash leaves the old value or the new one.
      await rename(temporary, join(directory, name));
    },
  };
}

/** Reads the built page's files from a folder; a missing file (or a folder) reads as `undefined`. */
export function createAssetReader(directory: string): ReadAsset {
  const root = resolve(directory);
  return async (relativePath) => {
    const path = resolve(root, relativePath);
    if (!path.startsWith(root)) return undefined;
    try {
      return new Uint8Array(await readFile(path));
    } catch {
      return undefined;
    }
  };
}
