import type { Update } from "@ssehub/protocol";
import type { BrokerEntry } from "../core/broker.ts";
import type { SqlValue } from "./driver.ts";

/** An update as stored in a row's `body`: its JSON, with only the fields it has. */
export function encodeUpdate(update: Update): string {
  return JSON.stringify(update);
}

/** The entry of a row read as `seq, time, body`. */
export function toEntry(row: Record<string, SqlValue>): BrokerEntry {
  return { seq: Number(row.seq), time: Number(row.time), update: JSON.parse(String(row.body)) as Update };
}
