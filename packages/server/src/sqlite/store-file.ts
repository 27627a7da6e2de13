import { newEpoch } from "../core/position.ts";
import { type Database, openDatabase, StoreError } from "./driver.ts";
import { SCHEMA, SCHEMA_VERSION, STORE_APPLICATION_ID } from "./schema.ts";

/** A store file opened for writing by this process alone. */
export interface OpenStore {
  db: Database;
  /** The history's epoch, kept in the file so resume positions outlive the process. */
  epoch: string;
}

/**
 * Opens (or creates) the store at `path`, refusing a file it would not own: another application's database,
 * a corrupt file, or a store another process holds. Nothing is written before the file is known to be a
 * store (or empty), so a refused file is left byte for byte as it was.
 */
export async function openStore(path: string): Promise<OpenStore> {
  const db = await guard(path, () => openDatabase(path));
  try {
    // Before any read: the process keeps the lock it takes until it closes (or dies, when the OS drops it), and
    // WAL then needs no shared-memory file beside the store.
    db.exec("PRAGMA locking_mode = EXCLUSIVE");
    await guard(path, async () => checkOwnFile(db, path));
    await guard(path, async () => {
      db.exec("PRAGMA journal_mode = WAL");
      // In WAL, NORMAL syncs at checkpoints: a process crash loses no commit, a power loss may lose the last ones.
      db.exec("PRAGMA synchronous = NORMAL");
      db.exec("BEGIN IMMEDIATE");
      try {
        db.exec(SCHEMA);
        db.exec(`PRAGMA application_id = ${STORE_APPLICATION_ID}`);
        db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
        db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', ?)").run(newEpoch());
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    });
    const epoch = db.prepare("SELECT value FROM meta WHERE key = 'epoch'").get()?.value;
    if (typeof epoch !== "string") throw new StoreError("store-corrupt", `${path}: the store has no epoch`);
    return { db, epoch };
  } catch (error) {
    db.close();
    throw error;
  }
}

function checkOwnFile(db: Database, path: string): void {
  const applicationId = db.prepare("PRAGMA application_id").get()?.application_id;
  const version = Number(db.prepare("PRAGMA user_version").get()?.user_version);
  if (applicationId === STORE_APPLICATION_ID) {
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        "store-newer",
        `${path} was written by a newer ssehub (store version ${version}, this one reads ${SCHEMA_VERSION}); left untouched`,
      );
    }
    const check = db.prepare("PRAGMA quick_check(1)").get()?.quick_check;
    if (check !== "ok") {
      throw new StoreError("store-corrupt", `${path} is a damaged ssehub store (${check}); left untouched`);
    }
    return;
  }
  const objects = Number(db.prepare("SELECT count(*) AS n FROM sqlite_schema").get()?.n);
  if (applicationId !== 0 || objects > 0 || version !== 0) {
    throw new StoreError(
      "store-foreign",
      `${path} is an SQLite database of another application, not an ssehub store; left untouched (choose another --store file)`,
    );
  }
}

/** Runs a step of opening, turning SQLite's failures into a {@link StoreError} that says what to do. */
async function guard<T>(path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw describeFailure(path, error);
  }
}

function describeFailure(path: string, error: unknown): StoreError {
  const message = error instanceof Error ? error.message : String(error);
  const options = { cause: error };
  switch (sqliteResult(error)) {
    case "busy":
      return new StoreError(
        "store-locked",
        `${path} is in use by another ssehub process (a store has one writer); stop it or choose another --store file`,
        options,
      );
    case "not-a-database":
      return new StoreError(
        "store-corrupt",
        `${path} is not an ssehub store (${message}); left untouched`,
        options,
      );
    default:
      return new StoreError(
        "store-unwritable",
        `cannot open ${path} for writing (${message}): its folder must exist and be writable by this user`,
        options,
      );
  }
}

// SQLite's primary result codes: SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CORRUPT, SQLITE_NOTADB.
const BUSY_CODES = new Set([5, 6]);
const NOT_A_DATABASE_CODES = new Set([11, 26]);

/** The kind of an SQLite failure, from its result code (Node, Bun) or its message (Deno has no code). */
function sqliteResult(error: unknown): "busy" | "not-a-database" | "other" {
  const code = (error as { errcode?: unknown } | undefined)?.errcode;
  const message = error instanceof Error ? error.message : "";
  if (typeof code === "number") {
    const primary = code & 0xff;
    if (BUSY_CODES.has(primary)) return "busy";
    if (NOT_A_DATABASE_CODES.has(primary)) return "not-a-database";
    return "other";
  }
  if (/database (table )?is locked/.test(message)) return "busy";
  if (/not a database|malformed/.test(message)) return "not-a-database";
  return "other";
}
