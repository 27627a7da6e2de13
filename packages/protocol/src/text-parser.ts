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
  // The data buffer (SSE-SPEC §4) without its final LF, and whether it holds any line.
  let data = "";
  let hasData = false;
  // UTF-16 size of the data buffer (a lower bound of its UTF-8 size), and its exact UTF-8 size once that
  // matters (-1 before).
  let dataUnits = 0;
  let dataBytes = -1;
  let eventType = "";
  let lastEventId = callbacks.lastEventId ?? "";
  let idBuffer = lastEventId;
  // findColon's cache: the text it scanned (by serial number) and the colon it found there.
  let textSerial = 0;
  let colonSerial = -1;
  let colonAt = -1;
  // Bumped by reset() so a feed() interrupted by a callback that resets stops reading its old chunk.
  let generation = 0;

  function overflow(what: string): void {
    discarding = true;
    clearData();
    eventType = "";
    idBuffer = lastEventId;
    callbacks.onError?.(
      new SseError(
        "buffer-overflow",
        `${what} exceeds maxBufferSize (${maxBufferSize} bytes); event discarded`,
      ),
    );
  }

  /** Whether `text.slice(start, end)` is larger than the limit in UTF-8; exact, scans only long text. */
  function tooLarge(text: string, start: number, end: number): boolean {
    const units = end - start;
    if (units * 3 <= maxBufferSize) return false;
    if (units > maxBufferSize) return true;
    return utf8Length(text, start, end) > maxBufferSize;
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
    } else if (hasData) {
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
    hasData = false;
    dataUnits = 0;
    dataBytes = -1;
  }

  function appendData(value: string): void {
    if (hasData) {
      data = `${data}\n${value}`;
    } else {
      data = value;
      hasData = true;
    }
    // Sizes count the LF the standard appends after each line. A UTF-16 unit takes at most 3 UTF-8 bytes,
    // so the exact size is only computed once the buffer could be over the limit.
    dataUnits += value.length + 1;
    if (dataUnits * 3 > maxBufferSize) checkDataSize(value);
  }

  function checkDataSize(value: string): void {
    dataBytes = dataBytes >= 0 ? dataBytes + utf8Length(value) + 1 : utf8Length(data) + 1;
    if (dataBytes > maxBufferSize) overflow("event data");
  }

  function setRetry(text: string, start: number, end: number): void {
    if (start === end) return;
    for (let i = start; i < end; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 48 || unit > 57) return;
    }
    callbacks.onRetry?.(Number.parseInt(text.slice(start, end), 10));
  }

  /** The first colon at or after `start` in `text`, or -1; `serial` identifies `text`. */
  function findColon(text: string, serial: number, start: number): number {
    // Cached per text so that many colon-less lines cost one scan of the chunk, not one each.
    if (colonSerial !== serial || (colonAt !== -1 && colonAt < start)) {
      colonSerial = serial;
      colonAt = text.indexOf(":", start);
    }
    return colonAt;
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

  /** Processes the non-empty line `text.slice(start, end)`; `serial` identifies `text` for findColon. */
  function processLine(text: string, serial: number, start: number, end: number): void {
    if (discarding) return;
    if ((end - start) * 3 > maxBufferSize && tooLarge(text, start, end)) {
      overflow("line");
      return;
    }
    if (readKnownField(text, start, end)) return;
    let colon = findColon(text, serial, start);
    if (colon >= end) colon = -1;
    processField(text, start, end, colon);
  }

  /** Any line but the fast paths: comments, `retry`, fields without a colon, unknown fields. */
  function processField(text: string, start: number, end: number, colon: number): void {
    const value = colon === -1 ? end : valueStart(text, colon, end);
    // Rare lines: slicing the name (a view, not a copy, for long ones) costs less code than comparing codes.
    const name = text.slice(start, colon === -1 ? end : colon);
    if (name === "") callbacks.onComment?.(text.slice(value, end));
    else if (name === "data") appendData(text.slice(value, end));
    else if (name === "event") eventType = text.slice(value, end);
    else if (name === "retry") setRetry(text, value, end);
    else if (name === "id") setId(text, value, end);
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

  /** Finishes a line that began in an earlier chunk; returns false when a callback reset the parser. */
  function finishPendingLine(text: string, position: number, end: number): boolean {
    const startGeneration = generation;
    if (skippingLine) {
      skippingLine = false;
    } else {
      pendingPieces.push(text.slice(position, end));
      const line = pendingPieces.join("");
      clearPending();
      processLine(line, ++textSerial, 0, line.length);
    }
    return generation === startGeneration;
  }

  /**
   * Parses a text without CR from `position`, the common case: one indexOf per line and the usual lines
   * handled inline. Returns where the unfinished last line starts, or -1 when a callback reset the parser.
   */
  function parseLFOnly(text: string, serial: number, position: number): number {
    const startGeneration = generation;
    for (let end = text.indexOf("\n", position); end !== -1; end = text.indexOf("\n", position)) {
      if (end === position) {
        dispatch();
      } else if (discarding || (end - position) * 3 > maxBufferSize) {
        processLine(text, serial, position, end);
      } else if (isDataField(text, position)) {
        // `data:` lines, the bulk of most streams, handled here rather than in processLine.
        const value = text.slice(valueStart(text, position + 4, end), end);
        if (!hasData && text.charCodeAt(end + 1) === LF) {
          // A one-line event (`data: …` then a blank line), dispatched without the data buffer.
          dispatchData(value);
          end++;
        } else {
          appendData(value);
        }
      } else if (!readKnownField(text, position, end)) {
        processLine(text, serial, position, end);
      }
      if (generation !== startGeneration) return -1;
      position = end + 1;
    }
    return position;
  }

  /** Parses a text with CR, LF and CRLF line ends. Same result as {@link parseLFOnly}. */
  function parseMixed(text: string, serial: number, position: number, firstCR: number): number {
    const startGeneration = generation;
    const length = text.length;
    // Next LF and CR at or after `position`, -1 when there is none left: each is scanned once per text.
    let nextLF = -2;
    let nextCR = firstCR;
    while (position < length) {
      if (nextLF !== -1 && nextLF < position) nextLF = text.indexOf("\n", position);
      if (nextCR !== -1 && nextCR < position) nextCR = text.indexOf("\r", position);
      let end: number;
      if (nextCR === -1) {
        if (nextLF === -1) break;
        end = nextLF;
      } else {
        end = nextLF !== -1 && nextLF < nextCR ? nextLF : nextCR;
      }
      if (end === position) {
        dispatch();
      } else {
        processLine(text, serial, position, end);
      }
      if (generation !== startGeneration) return -1;
      position = end + 1;
      if (end === nextCR) {
        if (position === length) skipLeadingLF = true;
        else if (text.charCodeAt(position) === LF) position++;
      }
    }
    return position;
  }

  function parseText(text: string): void {
    let position = 0;
    if (skipLeadingLF) {
      // The previous chunk ended with CR: an LF here completes that CRLF, not a new line.
      skipLeadingLF = false;
      if (text.charCodeAt(0) === LF) position = 1;
    }
    let firstCR = text.indexOf("\r", position);
    if (pendingUnits !== 0 || skippingLine) {
      // Finish the line an earlier chunk left open, so that the loops below only see whole lines.
      const firstLF = text.indexOf("\n", position);
      const end = firstCR === -1 || (firstLF !== -1 && firstLF < firstCR) ? firstLF : firstCR;
      if (end === -1) {
        if (position < text.length) appendPending(text, position);
        return;
      }
      if (!finishPendingLine(text, position, end)) return;
      position = end + 1;
      if (end === firstCR) {
        if (position === text.length) {
          skipLeadingLF = true;
          return;
        }
        if (text.charCodeAt(position) === LF) position++;
        firstCR = text.indexOf("\r", position);
      }
    }
    const serial = ++textSerial;
    position =
      firstCR === -1 ? parseLFOnly(text, serial, position) : parseMixed(text, serial, position, firstCR);
    if (position !== -1 && position < text.length) appendPending(text, position);
  }

  return {
    feed(text) {
      if (text === "") return;
      if (atStreamStart) {
        atStreamStart = false;
        if (text.charCodeAt(0) === BOM) text = text.slice(1);
      }
      parseText(text);
    },
    reset() {
      generation++;
      atStreamStart = true;
      skipLeadingLF = false;
      clearPending();
      skippingLine = false;
      discarding = false;
      clearData();
      eventType = "";
      idBuffer = lastEventId;
    },
  };
}
