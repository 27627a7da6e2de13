import type { Update } from "@ssehub/protocol";

/**
 * True when `b` repeats `a` exactly: the same topics in the same order, data, type, retry, private and
 * retain. Only such a repeat of a held update is an idempotent retry; anything else under the same id is a
 * new update (otherwise a publisher who guessed an id could silently drop another's update).
 */
export function sameUpdate(a: Update, b: Update): boolean {
  if (
    a.id !== b.id ||
    a.data !== b.data ||
    a.type !== b.type ||
    a.retry !== b.retry ||
    a.private !== b.private ||
    a.retain !== b.retain ||
    a.topics.length !== b.topics.length
  ) {
    return false;
  }
  return a.topics.every((topic, i) => topic === b.topics[i]);
}
