import type { Update } from "@ssehub/protocol";
import type { BrokerEntry } from "../core/broker.ts";

/** A stream entry as XRANGE and XREAD answer it: `[id, [field, value, …]]`. */
export type StreamEntry = [string, string[]];

/** The stream id of a seq: `0-<seq>`, so the stream's own order is the hub's order. */
export function streamId(seq: number): string {
  return `0-${seq}`;
}

/** An entry of the stream, or undefined for one this version does not understand. */
export function fromStream([id, fields]: StreamEntry): BrokerEntry | undefined {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!, fields[i + 1]!);
  const json = values.get("u");
  if (json === undefined) return undefined;
  return {
    seq: Number(id.slice(2)),
    time: Number(values.get("t")),
    update: JSON.parse(json) as Update,
  };
}

/** A retained value: `"<seq> <time> <json>"`. */
export function fromRetained(value: string): BrokerEntry {
  const first = value.indexOf(" ");
  const second = value.indexOf(" ", first + 1);
  return {
    seq: Number(value.slice(0, first)),
    time: Number(value.slice(first + 1, second)),
    update: JSON.parse(value.slice(second + 1)) as Update,
  };
}

/**
 * What decides an identical repeat (see `sameUpdate`): a SHA-256 over the compared fields, so the script
 * compares short strings instead of decoding stored updates.
 */
export async function fingerprint(update: Update): Promise<string> {
  const text = JSON.stringify([
    update.topics,
    update.data,
    update.type ?? null,
    update.retry ?? null,
    update.private,
    update.retain,
  ]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest).subarray(0, 16), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}
