import { type Update, utf8Length } from "@ssehub/protocol";

/** What an update costs against `historyMaxBytes`: the UTF-8 bytes of its id, data, type and topics. */
export function entryBytes(update: Update): number {
  let bytes = utf8Length(update.id) + utf8Length(update.data);
  if (update.type !== undefined) bytes += utf8Length(update.type);
  for (const topic of update.topics) bytes += utf8Length(topic);
  return bytes;
}
