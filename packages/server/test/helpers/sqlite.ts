// What the SQLite tests need: whether this runtime ships node:sqlite, and a temporary folder per test.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/sqlite/driver.ts";

// A variable, so Node 20's type definitions (which know no node:sqlite) are not asked about it.
const SQLITE_MODULE = "node:sqlite";

/** True on runtimes with `node:sqlite` (Node 22.13+, Deno 2.2+, Bun); false on Node 20. */
export const hasNodeSqlite: boolean = await import(SQLITE_MODULE).then(
  () => true,
  () => false,
);

/** A fresh folder under the system's temporary folder, and its removal. */
export function tempFolder(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "ssehub-sqlite-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes an SQLite database of another application (a table of its own) at `path`. */
export async function writeForeignDatabase(path: string): Promise<void> {
  const db = await openDatabase(path);
  db.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('not a hub')");
  db.close();
}
