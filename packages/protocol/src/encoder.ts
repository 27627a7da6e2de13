import { SseError } from "./errors.ts";
import { hasLineBreak, LINE_BREAK } from "./line-breaks.ts";
import type { SseEvent } from "./types.ts";

const utf8 = /* @__PURE__ */ new TextEncoder();

/**
 * Encodes one event as SSE text, ending with the blank line that dispatches it.
 * Fields are written when they are not `undefined`, so `id: ""` and `retry: 0` are sent.
 * `data` is split on CRLF, LF and CR into one `data: ` line each.
 * @throws {SseError} `invalid-event-type` when `type` contains CR or LF; `invalid-id` when `id` contains CR
 * or LF; `id-contains-nul` when `id` contains U+0000; `invalid-retry` unless `retry` is a non-negative integer.
 */
export function encodeEvent(event: SseEvent): string {
  const { type, data, id, retry } = event;
  let out = "";
  if (type !== undefined) {
    if (typeof type !== "string" || hasLineBreak(type)) {
      throw new SseError("invalid-event-type", "event type must be a string without CR or LF");
    }
    out += `event: ${type}\n`;
  }
  if (id !== undefined) {
    if (typeof id !== "string" || hasLineBreak(id)) {
      throw new SseError("invalid-id", "event id must be a string without CR or LF");
    }
    // A client ignores an id with NUL (SSE-SPEC §4), so writing it would silently lose the id.
    if (id.includes("\0")) throw new SseError("id-contains-nul", "event id must not contain U+0000");
    out += `id: ${id}\n`;
  }
  if (retry !== undefined) {
    if (!Number.isSafeInteger(retry) || retry < 0) {
      throw new SseError("invalid-retry", `retry must be a non-negative integer (ms), got ${String(retry)}`);
    }
    out += `retry: ${retry}\n`;
  }
  if (data !== undefined) {
    // Most data is one line: no split (a regex scan and an array per event) for it.
    if (!hasLineBreak(data)) out += `data: ${data}\n`;
    else for (const line of data.split(LINE_BREAK)) out += `data: ${line}\n`;
  }
  return `${out}\n`;
}

/** {@link encodeEvent} as UTF-8 bytes. @throws {SseError} as {@link encodeEvent}. */
export function encodeEventBytes(event: SseEvent): Uint8Array {
  return utf8.encode(encodeEvent(event));
}

/**
 * Encodes a comment: one `: ` line per line of `text` (split on CRLF, LF and CR), or `:\n` for an empty
 * text. Comments dispatch nothing; a hub sends them as heartbeats.
 * @throws {SseError} `invalid-comment` when `text` is not a string.
 */
export function encodeComment(text = ""): string {
  if (typeof text !== "string") throw new SseError("invalid-comment", "comment must be a string");
  if (text === "") return ":\n";
  let out = "";
  for (const line of text.split(LINE_BREAK)) out += line === "" ? ":\n" : `: ${line}\n`;
  return out;
}
