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

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const PERCENT_SIGN = 0x25;

/**
 * One pass over the path (up to `?` or `#`), counting each piece's dots (`%2e` is one) until another character
 * shows it is not `.` or `..`. The scheme and the authority are pieces too; none of them can be `.` or `..` in
 * a URL that means anything.
 */
function hasDotSegmentOrBackslash(topic: string): boolean {
  // Dots of the current piece; -1 once it holds anything else.
  let dots = 0;
  for (let i = 0; i < topic.length; i++) {
    const code = topic.charCodeAt(i);
    if (code === 0x3f || code === 0x23) break; // `?`, `#`: the path ended
    if (code === BACKSLASH) return true;
    if (code === SLASH) {
      if (dots === 1 || dots === 2) return true;
      dots = 0;
    } else if (dots >= 0) {
      if (code === DOT) {
        dots++;
      } else if (isEncodedDot(topic, i)) {
        dots++;
        i += 2;
      } else {
        dots = -1;
      }
    }
  }
  return dots === 1 || dots === 2;
}

/** `%2e` or `%2E` at `at`. */
function isEncodedDot(text: string, at: number): boolean {
  return (
    text.charCodeAt(at) === PERCENT_SIGN &&
    text.charCodeAt(at + 1) === 0x32 &&
    (text.charCodeAt(at + 2) | 0x20) === 0x65
  );
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
