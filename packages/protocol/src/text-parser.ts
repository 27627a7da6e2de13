import { SseError } from "./errors.ts";
import { BOM, COLON, D, E, I, isDataField, LF, N, T, V, valueStart } from "./field-codes.ts";
import type { ParsedEvent } from "./types.ts";
import { utf8Length } from "./utf8-length.ts";

/** What {@link createTextParser} (and so `createParser`) calls, and how it starts. */
export interface ParserCallbacks {
  /** Called for each dispatched event, with the values a browser's `EventSource` would give. */
  onEvent(event: ParsedEvent): void;
  /** Called with a valid `retry:` value (ms) as soon as its line is read. */
  onRetry?(ms: number): void;
  /** Called with a comment's text (after the `:`, one leading space removed). */
  onComment?(text: string): void;
  /** Called with a `buffer-overflow` {@link SseError}; parsing goes on at the next event boundary. */
  onError?(error: SseError): void;
  /** Initial last event id, e.g. from a previous connection. Default `""`. */
  lastEventId?: string;
  /** Largest line or event data, in UTF-8 bytes, kept in memory. Default 8 MiB. */
  maxBufferSize?: number;
}

/** A streaming SSE parser of decoded text, made by {@link createTextParser}. */
export interface TextParser {
  /**
   * Parses the next piece of the stream's text. Callbacks run synchronously inside. An exception thrown by
   * one propagates out of `feed()` and the rest of that text is dropped; `reset()` before feeding that
   * stream again.
   */
  feed(text: string): void;
  /** Prepares for a new stream (drops partial lines and events); keeps the last event id. */
  reset(): void;
}

const DEFAULT_MAX_BUFFER_SIZE = 8 * 1024 * 1024;
/** Where `search` next occurs in `text` from `position`, or `text.length` when it does not. */
function indexOrLength(text: string, search: string, position: number): number {
  const index = text.indexOf(search, position);
  return index === -1 ? text.length : index;
}
/** A `retry` value is used only when it is ASCII digits (SSE-SPEC §4). */
const ASCII_DIGITS = /^[0-9]+$/;
/**
 * Creates a streaming parser for text already decoded from UTF-8, by the platform's streaming
 * `TextDecoder` for instance (with `ignoreBOM: true`: this parser strips the one leading BOM itself, so a
 * decoder that strips one too would drop a second). Same rules, options and callbacks as
 * {@link createParser} (which is this parser behind a UTF-8 decoder): CR/LF/CRLF line ends (also split
 * across chunks), id persistence, NUL ids ignored, `retry` from ASCII digits only, and nothing dispatched
 * for an unfinished event when the stream ends. Bundles that feed only text leave the UTF-8 decoder out.
 */
export function createTextParser(callbacks: ParserCallbacks): TextParser {
  const maxBufferSize = callbacks.maxBufferSize ?? DEFAULT_MAX_BUFFER_SIZE;
  // The BOM is stripped here (not by a decoder) so that text fed directly gets the same treatment.
  let atStreamStart = true;
  let skipLeadingLF = false;
  // Text of the current line read so far when a chunk ended inside it.
  // Kept as pieces joined once the line ends: a joined string is flat, and a flat string keeps the hot
  // paths monomorphic (a concatenation would be a rope, slower to read by character code).
  const pendingPieces: string[] = [];
  // UTF-16 length of the pending pieces, and their exact UTF-8 size once it could reach the limit (-1 before).
  let pendingUnits = 0;
  let pendingBytes = -1;
  // The current line overflowed and is being skipped: it is not blank, whatever remains of it.
  let skippingLine = false;
  // An overflow happened: every line up to the next blank one is ignored.
  let discarding = false;
  // The data buffer (SSE-SPEC §4) without its final LF.
  let data = "";
  // UTF-16 size of the data buffer with its LFs (a lower bound of its UTF-8 size; 0 when it holds no line),
  // and its exact UTF-8 size once that matters (-1 before).
  let dataUnits = 0;
  let dataBytes = -1;
  let eventType = "";
  let lastEventId = callbacks.lastEventId ?? "";
  let idBuffer = lastEventId;
  // Bumped by reset() so a feed() interrupted by a callback that resets stops reading its old chunk.
  let generation = 0;

  /** Forgets the event being read: its data, type and id. */
  function dropEvent(): void {
    clearData();
    eventType = "";
    idBuffer = lastEventId;
  }

  function overflow(what: string): void {
    discarding = true;
    dropEvent();
    callbacks.onError?.(
      new SseError(
        "buffer-overflow",
        `${what} exceeds maxBufferSize (${maxBufferSize} bytes); event discarded`,
      ),
    );
  }

  /** Dispatches an event whose data buffer would hold only `data` (SSE-SPEC §5 without the buffer). */
  function dispatchData(data: string): void {
    lastEventId = idBuffer;
    const event: ParsedEvent = { type: eventType === "" ? "message" : eventType, data, lastEventId };
    eventType = "";
    callbacks.onEvent(event);
  }

  function dispatch(): void {
    if (discarding) {
      discarding = false;
    } else if (dataUnits !== 0) {
      const value = data;
      clearData();
      dispatchData(value);
    } else {
      // The id is committed even when nothing is dispatched (SSE-SPEC §5.1).
      lastEventId = idBuffer;
      eventType = "";
    }
  }

  function clearData(): void {
    data = "";
    dataUnits = 0;
    dataBytes = -1;
  }

  function appendData(value: string): void {
    data = dataUnits === 0 ? value : `${data}\n${value}`;
    // Sizes count the LF the standard appends after each line. A UTF-16 unit takes at most 3 UTF-8 bytes,
    // so the exact size is only computed once the buffer could be over the limit.
    dataUnits += value.length + 1;
    if (dataUnits * 3 > maxBufferSize) {
      dataBytes = dataBytes >= 0 ? dataBytes + utf8Length(value) + 1 : utf8Length(data) + 1;
      if (dataBytes > maxBufferSize) overflow("event data");
    }
  }

  /**
   * Reads a `data:`, `id:` or `event:` line by character codes (no colon search, no allocation beyond the
   * value); false for any other line. Reading up to `start + 5` is safe: `end` holds a line end (or is
   * past the text), never a letter. Size limits and discarding are the caller's.
   */
  function readKnownField(text: string, start: number, end: number): boolean {
    const first = text.charCodeAt(start);
    if (first === D) {
      if (!isDataField(text, start)) return false;
      appendData(text.slice(valueStart(text, start + 4, end), end));
    } else if (first === I) {
      if (text.charCodeAt(start + 2) !== COLON || text.charCodeAt(start + 1) !== D) return false;
      setId(text, valueStart(text, start + 2, end), end);
    } else if (first === E) {
      if (
        text.charCodeAt(start + 5) !== COLON ||
        text.charCodeAt(start + 1) !== V ||
        text.charCodeAt(start + 2) !== E ||
        text.charCodeAt(start + 3) !== N ||
        text.charCodeAt(start + 4) !== T
      ) {
        return false;
      }
      eventType = text.slice(valueStart(text, start + 5, end), end);
    } else {
      return false;
    }
    return true;
  }

  /** Processes the non-empty line `text.slice(start, end)`. */
  function processLine(text: string, start: number, end: number): void {
    if (discarding) return;
    // A UTF-16 unit takes 1 to 3 UTF-8 bytes: only a long line needs its bytes counted.
    const units = end - start;
    if (
      units * 3 > maxBufferSize &&
      (units > maxBufferSize || utf8Length(text, start, end) > maxBufferSize)
    ) {
      overflow("line");
      return;
    }
    if (!readKnownField(text, start, end)) processField(text.slice(start, end));
  }

  /** Any line but the fast paths: comments, `retry`, fields without a colon, unknown fields. */
  function processField(line: string): void {
    // Rare lines, read as their own string: the colon search cannot run past the line (a chunk of many
    // colon-less lines costs one pass, not one per line), and names compare as strings.
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(valueStart(line, colon, line.length));
    if (name === "") callbacks.onComment?.(value);
    else if (name === "data") appendData(value);
    else if (name === "event") eventType = value;
    else if (name === "retry" && ASCII_DIGITS.test(value)) callbacks.onRetry?.(Number.parseInt(value, 10));
    else if (name === "id") setId(value, 0, value.length);
  }

  /** Sets the id buffer to `text.slice(start, end)`, unless it contains NUL (then the field is ignored, SSE-SPEC §4). */
  function setId(text: string, start: number, end: number): void {
    // Scanned in place: cheaper than includes() on the sliced copy, and nothing is allocated for a refused id.
    for (let i = start; i < end; i++) if (text.charCodeAt(i) === 0) return;
    idBuffer = text.slice(start, end);
  }

  function clearPending(): void {
    pendingPieces.length = 0;
    pendingUnits = 0;
    pendingBytes = -1;
  }

  function appendPending(text: string, start: number): void {
    if (discarding) {
      // Nothing of a discarded event is kept; remember only that the line is not blank.
      skippingLine = true;
      return;
    }
    const piece = text.slice(start);
    pendingPieces.push(piece);
    pendingUnits += piece.length;
    if (pendingBytes >= 0) {
      pendingBytes += utf8Length(piece);
    } else if (pendingUnits * 3 > maxBufferSize) {
      pendingBytes = pendingPieces.reduce((bytes, pending) => bytes + utf8Length(pending), 0);
    }
    if ((pendingBytes >= 0 ? pendingBytes : pendingUnits) > maxBufferSize) {
      clearPending();
      skippingLine = true;
      overflow("line");
    }
  }

  /** Finishes a line that began in an earlier chunk, ending at `end` in `text`. */
  function finishPendingLine(text: string, position: number, end: number): void {
    if (skippingLine) {
      skippingLine = false;
    } else {
      pendingPieces.push(text.slice(position, end));
      const line = pendingPieces.join("");
      clearPending();
      processLine(line, 0, line.length);
    }
  }

  /**
   * Parses `text` from `position` line by line (CR, LF and CRLF ends): one indexOf per line end, and the
   * usual lines handled inline. Returns where the unfinished last line starts, or -1 when a callback reset
   * the parser.
   */
  function parseLines(text: string, position: number): number {
    const startGeneration = generation;
    const length = text.length;
    let pending = pendingUnits !== 0 || skippingLine;
    // Next LF and CR at or after `position` (`length` when there is none left): each scanned once per text.
    let nextLF = indexOrLength(text, "\n", position);
    let nextCR = indexOrLength(text, "\r", position);
    for (let end = Math.min(nextLF, nextCR); end !== length; end = Math.min(nextLF, nextCR)) {
      if (pending) {
        pending = false;
        finishPendingLine(text, position, end);
      } else if (end === position) {
        dispatch();
      } else if (discarding || (end - position) * 3 > maxBufferSize) {
        processLine(text, position, end);
      } else if (isDataField(text, position)) {
        // `data:` lines, the bulk of most streams, handled here rather than in processLine.
        const value = text.slice(valueStart(text, position + 4, end), end);
        if (dataUnits === 0 && end === nextLF && text.charCodeAt(end + 1) === LF) {
          // A one-line event (`data: …` then a blank line), dispatched without the data buffer.
          dispatchData(value);
          nextLF = ++end;
        } else {
          appendData(value);
        }
      } else if (!readKnownField(text, position, end)) {
        processLine(text, position, end);
      }
      if (generation !== startGeneration) return -1;
      position = end + 1;
      if (end === nextLF) {
        nextLF = indexOrLength(text, "\n", position);
      } else {
        // CRLF is one line end; a CR that ends the text may be the first half of one.
        if (position === length) skipLeadingLF = true;
        else if (text.charCodeAt(position) === LF) position++;
        nextCR = indexOrLength(text, "\r", position);
        if (nextLF < position) nextLF = indexOrLength(text, "\n", position);
      }
    }
    return position;
  }

  return {
    feed(text) {
      if (text === "") return;
      let position = 0;
      if (atStreamStart) {
        atStreamStart = false;
        if (text.charCodeAt(0) === BOM) position = 1;
      } else if (skipLeadingLF) {
        // The previous chunk ended with CR: an LF here completes that CRLF, not a new line.
        skipLeadingLF = false;
        if (text.charCodeAt(0) === LF) position = 1;
      }
      position = parseLines(text, position);
      if (position !== -1 && position < text.length) appendPending(text, position);
    },
    reset() {
      generation++;
      atStreamStart = true;
      skipLeadingLF = false;
      clearPending();
      skippingLine = false;
      discarding = false;
      dropEvent();
    },
  };
}
