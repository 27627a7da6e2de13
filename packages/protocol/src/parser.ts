import { createTextParser, type ParserCallbacks } from "./text-parser.ts";
import { createUtf8Decoder } from "./utf8-decoder.ts";

/** A streaming SSE parser made by {@link createParser}. */
export interface SseParser {
  /**
   * Parses the next piece of the stream: bytes (UTF-8, may split characters) or already decoded text.
   * Callbacks run synchronously inside. An exception thrown by one propagates out of `feed()` and the rest
   * of that chunk is dropped; `reset()` before feeding that stream again.
   */
  feed(chunk: string | Uint8Array): void;
  /** Prepares for a new stream (drops partial lines and events); keeps the last event id. */
  reset(): void;
}

/**
 * Creates a streaming parser that follows the WHATWG "Parsing an event stream" rules exactly: UTF-8 decoded
 * across chunks (invalid bytes become U+FFFD), one leading BOM stripped, CR/LF/CRLF line ends (also split
 * across chunks), id persistence, NUL ids ignored, `retry` from ASCII digits only, and nothing dispatched
 * for an unfinished event when the stream ends. It is {@link createTextParser} behind a UTF-8 decoder that
 * decodes ASCII chunks as whole buffers (several times faster than a streaming `TextDecoder` on Node).
 */
export function createParser(callbacks: ParserCallbacks): SseParser {
  // The decoder leaves the BOM alone: the text parser strips it, from byte and string chunks alike.
  const decoder = createUtf8Decoder();
  const parser = createTextParser(callbacks);
  return {
    feed(chunk) {
      // Bytes left unfinished by a byte chunk are invalid once text follows: they become U+FFFD.
      parser.feed(typeof chunk === "string" ? decoder.end() + chunk : decoder.decode(chunk));
    },
    reset() {
      decoder.end();
      parser.reset();
    },
  };
}
