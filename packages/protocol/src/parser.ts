import { SseError } from "./errors.ts";
import type { ParsedEvent } from "./types.ts";
import { utf8Length } from "./utf8-length.ts";

/** What {@link createParser} calls, and how it starts. */
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

/** A streaming SSE parser made by {@link createParser}. */
export interface SseParser {
  /** Parses the next piece of the stream: bytes (UTF-8, may split characters) or already decoded text. */
  feed(chunk: string | Uint8Array): void;
  /** Prepares for a new stream (drops partial lines and events); keeps the last event id. */
  reset(): void;
}

const DEFAULT_MAX_BUFFER_SIZE = 8 * 1024 * 1024;
const STREAM = { stream: true } as const;
const LF = 10;
const SPACE = 32;
const BOM = 0xfeff;

/**
 * Creates a streaming parser that follows the WHATWG "Parsing an event stream" rules exactly: UTF-8 decoded
 * across chunks (invalid bytes become U+FFFD), one leading BOM stripped, CR/LF/CRLF line ends (also split
 * across chunks), id persistence, NUL ids ignored, `retry` from ASCII digits only, and nothing dispatched
 * for an unfinished event when the stream ends.
 */
export function createParser(callbacks: ParserCallbacks): SseParser {
  const maxBufferSize = callbacks.maxBufferSize ?? DEFAULT_MAX_BUFFER_SIZE;
  // The BOM is stripped by hand (not by TextDecoder) so that string chunks get the same treatment.
  let decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let decoderUsed = false;
  let atStreamStart = true;
  let skipLeadingLF = false;
  // Text of the current line read so far when a chunk ended inside it.
  let pendingLine = "";
  // Exact UTF-8 size of pendingLine, tracked only once it could reach the limit (-1 before).
  let pendingBytes = -1;
  // The current line overflowed and is being skipped: it is not blank, whatever remains of it.
  let skippingLine = false;
  // An overflow happened: every line up to the next blank one is ignored.
  let discarding = false;
  let data = "";
  let hasData = false;
  // UTF-16 size of the data buffer (a lower bound of its UTF-8 size), and the exact size once it matters.
  let dataUnits = 0;
  let dataBytes = -1;
  let eventType = "";
  let lastEventId = callbacks.lastEventId ?? "";
  let idBuffer = lastEventId;
  // Bumped by reset() so a feed() interrupted by a callback that resets stops reading its old chunk.
  let generation = 0;

  function overflow(what: string): void {
    discarding = true;
    data = "";
    hasData = false;
    dataUnits = 0;
    dataBytes = -1;
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

  function dispatch(): void {
    if (discarding) {
      discarding = false;
      return;
    }
    // The id is committed even when nothing is dispatched (SSE-SPEC §5.1).
    lastEventId = idBuffer;
    if (!hasData) {
      eventType = "";
      return;
    }
    const event: ParsedEvent = { type: eventType === "" ? "message" : eventType, data, lastEventId };
    data = "";
    hasData = false;
    dataUnits = 0;
    dataBytes = -1;
    eventType = "";
    callbacks.onEvent(event);
  }

  function appendData(value: string): void {
    // Sizes count the LF the standard appends after each data line.
    dataUnits += value.length + 1;
    if (hasData) {
      data += `\n${value}`;
    } else {
      data = value;
      hasData = true;
    }
    if (dataBytes >= 0) {
      dataBytes += utf8Length(value) + 1;
    } else if (dataUnits * 3 > maxBufferSize) {
      dataBytes = utf8Length(data) + 1;
    }
    if ((dataBytes >= 0 ? dataBytes : dataUnits) > maxBufferSize) overflow("event data");
  }

  function setRetry(text: string, start: number, end: number): void {
    if (start === end) return;
    for (let i = start; i < end; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 48 || unit > 57) return;
    }
    callbacks.onRetry?.(Number.parseInt(text.slice(start, end), 10));
  }

  /** Processes the line `text.slice(start, end)`; `colon` is its first colon, or -1. */
  function processLine(text: string, start: number, end: number, colon: number): void {
    if (start === end) {
      dispatch();
      return;
    }
    if (discarding) return;
    if (tooLarge(text, start, end)) {
      overflow("line");
      return;
    }
    const nameEnd = colon === -1 ? end : colon;
    let valueStart = colon === -1 ? end : colon + 1;
    if (valueStart < end && text.charCodeAt(valueStart) === SPACE) valueStart++;
    switch (nameEnd - start) {
      case 0:
        callbacks.onComment?.(text.slice(valueStart, end));
        return;
      case 4:
        if (text.startsWith("data", start)) appendData(text.slice(valueStart, end));
        return;
      case 5:
        if (text.startsWith("event", start)) eventType = text.slice(valueStart, end);
        else if (text.startsWith("retry", start)) setRetry(text, valueStart, end);
        return;
      case 2:
        if (text.startsWith("id", start)) {
          const id = text.slice(valueStart, end);
          if (!id.includes("\0")) idBuffer = id;
        }
        return;
    }
  }

  function appendPending(text: string, start: number): void {
    if (discarding) {
      // Nothing of a discarded event is kept; remember only that the line is not blank.
      skippingLine = true;
      return;
    }
    const piece = text.slice(start);
    pendingLine += piece;
    if (pendingBytes >= 0) {
      pendingBytes += utf8Length(piece);
    } else if (pendingLine.length * 3 > maxBufferSize) {
      pendingBytes = utf8Length(pendingLine);
    }
    if ((pendingBytes >= 0 ? pendingBytes : pendingLine.length) > maxBufferSize) {
      pendingLine = "";
      pendingBytes = -1;
      skippingLine = true;
      overflow("line");
    }
  }

  function parseText(text: string): void {
    const length = text.length;
    const startGeneration = generation;
    let position = 0;
    if (skipLeadingLF) {
      // The previous chunk ended with CR: an LF here completes that CRLF, not a new line.
      skipLeadingLF = false;
      if (text.charCodeAt(0) === LF) position = 1;
    }
    // Next LF, CR and colon at or after `position`; -1 when there is none left in the chunk.
    // Cached so each is scanned for once per chunk, whatever the number of lines.
    let nextLF = -2;
    let nextCR = -2;
    let nextColon = -2;
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
      if (skippingLine) {
        skippingLine = false;
      } else if (pendingLine !== "") {
        const line = pendingLine + text.slice(position, end);
        pendingLine = "";
        pendingBytes = -1;
        processLine(line, 0, line.length, line.indexOf(":"));
      } else {
        if (nextColon !== -1 && nextColon < position) nextColon = text.indexOf(":", position);
        processLine(text, position, end, nextColon !== -1 && nextColon < end ? nextColon : -1);
      }
      if (generation !== startGeneration) return;
      position = end + 1;
      if (end === nextCR) {
        if (position === length) skipLeadingLF = true;
        else if (text.charCodeAt(position) === LF) position++;
      }
    }
    if (position < length) appendPending(text, position);
  }

  return {
    feed(chunk) {
      let text: string;
      if (typeof chunk === "string") {
        // Bytes left unfinished by a byte chunk are invalid once text follows: they become U+FFFD.
        text = decoderUsed ? decoder.decode() + chunk : chunk;
        decoderUsed = false;
      } else {
        text = decoder.decode(chunk, STREAM);
        decoderUsed = true;
      }
      if (text === "") return;
      if (atStreamStart) {
        atStreamStart = false;
        if (text.charCodeAt(0) === BOM) text = text.slice(1);
      }
      parseText(text);
    },
    reset() {
      generation++;
      decoder = new TextDecoder("utf-8", { ignoreBOM: true });
      decoderUsed = false;
      atStreamStart = true;
      skipLeadingLF = false;
      pendingLine = "";
      pendingBytes = -1;
      skippingLine = false;
      discarding = false;
      data = "";
      hasData = false;
      dataUnits = 0;
      dataBytes = -1;
      eventType = "";
      idBuffer = lastEventId;
    },
  };
}
