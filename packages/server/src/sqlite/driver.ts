/** The part of `node:sqlite`'s `StatementSync` the store uses. Node, Deno and Bun all ship this module. */
export interface Statement {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): Record<string, SqlValue> | undefined;
  all(...params: SqlValue[]): Record<string, SqlValue>[];
}

/** The part of `node:sqlite`'s `DatabaseSync` the store uses. */
export interface Database {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}

export type SqlValue = string | number | bigint | null | Uint8Array;

type DatabaseConstructor = new (path: string, options: { timeout: number }) => Database;

/** Why the store cannot be used; the CLI exits 2 with the message. */
export class StoreError extends Error {
  override name = "StoreError";
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

export type StoreErrorCode =
  | "store-unsupported"
  | "store-locked"
  | "store-foreign"
  | "store-corrupt"
  | "store-newer"
  | "store-unwritable";

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}

// A variable specifier keeps bundlers and type checkers for runtimes without the module from resolving it.
const SQLITE_MODULE = "node:sqlite";

/** Opens `path` with the runtime's own SQLite; a busy lock fails at once (timeout 0) instead of waiting. */
export async function openDatabase(path: string): Promise<Database> {
  let DatabaseSync: DatabaseConstructor;
  try {
    ({ DatabaseSync } = (await import(SQLITE_MODULE)) as { DatabaseSync: DatabaseConstructor });
  } catch (error) {
    throw new StoreError(
      "store-unsupported",
      `the SQLite store needs the SQLite built into the runtime (node:sqlite), which ${runtimeName()} lacks: ` +
        "use Node 22.13 or later (24 LTS recommended), Deno 2.2 or later, or Bun",
      { cause: error },
    );
  }
  return new DatabaseSync(path, { timeout: 0 });
}

function runtimeName(): string {
  const globals = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string } };
  if (globals.Deno !== undefined) return `Deno ${globals.Deno.version.deno}`;
  if (globals.Bun !== undefined) return `Bun ${globals.Bun.version}`;
  const process = (globalThis as { process?: { version?: string } }).process;
  return process?.version !== undefined ? `Node ${process.version}` : "this runtime";
}
