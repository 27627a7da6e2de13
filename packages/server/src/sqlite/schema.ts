/** Marks a file as an ssehub store (SQLite's `application_id` header field): "SSEH" in ASCII. */
export const STORE_APPLICATION_ID = 0x53534548;
/** The layout below; a file with a higher `user_version` comes from a newer ssehub and is refused. */
export const SCHEMA_VERSION = 1;

/**
 * - `entries`: the history, updates and subscription events (`presence` = 1), ordered by `seq`, the row id;
 *   AUTOINCREMENT so a seq is never handed out twice, even once every row is trimmed.
 * - `retained`: each topic's retained update, kept whatever the history evicts.
 * - `meta`: the epoch and the eviction floors (the newest evicted seq of each kind).
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value ANY) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
  presence INTEGER NOT NULL,
  time INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  body TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS entries_by_id ON entries (id, seq);
CREATE INDEX IF NOT EXISTS entries_by_kind ON entries (presence, seq);
CREATE TABLE IF NOT EXISTS retained (
  topic TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  time INTEGER NOT NULL,
  body TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;
