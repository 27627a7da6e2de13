import { HubError } from "./errors.ts";

// Any base works: only the path is judged, and a relative topic resolves against the hub's URL, whose path
// is not where a mounted hub's `/.well-known/mercure` must be recognised either.
const BASE = "http://hub.invalid/";
const PERCENT = /%([0-9A-Fa-f]{2})/g;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * One topic, one meaning: URL-pattern selectors see a topic as a URL (dot segments removed, `\` read as `/`),
 * exact and template selectors as its raw text. A topic on which they could disagree is refused, so that a grant
 * of one kind can never reach a subscriber of another kind through a path the first does not cover.
 * @throws {HubError} 400 `ambiguous-topic` for `.`/`..` segments (`%2e` decoded) or a backslash before the
 * query; 400 `reserved-topic` for a path in `/.well-known/mercure`, where the hub's own events live.
 */
export function checkTopicMeaning(topic: string): void {
  if (hasDotSegmentOrBackslash(topic)) {
    throw new HubError(
      400,
      "ambiguous-topic",
      "a topic must not have . or .. path segments (%2e included) nor a backslash",
      "topic",
    );
  }
  if (isReservedTopic(topic)) {
    throw new HubError(400, "reserved-topic", "topics under /.well-known/mercure are the hub's own", "topic");
  }
}

function hasDotSegmentOrBackslash(topic: string): boolean {
  const end = topic.search(/[?#]/);
  const head = end < 0 ? topic : topic.slice(0, end);
  if (head.includes("\\")) return true;
  // The scheme and the authority are pieces too; none of them can be `.` or `..` in a URL that means anything.
  for (const piece of head.split("/")) {
    if (piece.length > 6) continue;
    const text = piece.replace(/%2e/gi, ".");
    if (text === "." || text === "..") return true;
  }
  return false;
}

/**
 * True when no URL reading of `topic` can reach `/.well-known/mercure`, without parsing it: with no `%` to decode
 * and no tab or line break for the URL parser to drop, a path holding `well-known` needs those very characters
 * in the text. Most topics are decided here, so a publish does not pay a URL parse per topic.
 */
function cannotNameReservedPath(topic: string): boolean {
  return (
    !topic.includes("well-known") &&
    !topic.includes("%") &&
    !topic.includes("\t") &&
    !topic.includes("\n") &&
    !topic.includes("\r")
  );
}

/** Judged as a URL would be read: unreserved characters decoded, dot segments removed. */
function isReservedTopic(topic: string): boolean {
  if (cannotNameReservedPath(topic)) return false;
  const decoded = topic.replace(PERCENT, (encoded, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : encoded;
  });
  let path: string;
  try {
    path = new URL(decoded, BASE).pathname;
  } catch {
    return false;
  }
  return path === "/.well-known/mercure" || path.startsWith("/.well-known/mercure/");
}
