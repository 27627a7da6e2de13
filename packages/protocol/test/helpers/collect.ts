import {
  createParser,
  createTextParser,
  type ParsedEvent,
  type ParserCallbacks,
  type SseError,
} from "../../src/index.ts";

/** Everything a parser reported, in order of kind. */
export interface Collected {
  events: ParsedEvent[];
  retries: number[];
  comments: string[];
  errors: SseError[];
}

type Options = Omit<ParserCallbacks, "onEvent" | "onRetry" | "onComment" | "onError">;

/** Fresh collectors and the parser callbacks that fill them. */
function collector(options: Options): { collected: Collected; callbacks: ParserCallbacks } {
  const collected: Collected = { events: [], retries: [], comments: [], errors: [] };
  const callbacks: ParserCallbacks = {
    ...options,
    onEvent: (event) => collected.events.push(event),
    onRetry: (ms) => collected.retries.push(ms),
    onComment: (text) => collected.comments.push(text),
    onError: (error) => collected.errors.push(error),
  };
  return { collected, callbacks };
}

/** Feeds `chunks` to a fresh parser and returns what it reported. */
export function parseChunks(chunks: Iterable<string | Uint8Array>, options: Options = {}): Collected {
  const { collected, callbacks } = collector(options);
  const parser = createParser(callbacks);
  for (const chunk of chunks) parser.feed(chunk);
  return collected;
}

/** Feeds `texts` to a fresh text parser ({@link createTextParser}) and returns what it reported. */
export function parseTexts(texts: Iterable<string>, options: Options = {}): Collected {
  const { collected, callbacks } = collector(options);
  const parser = createTextParser(callbacks);
  for (const text of texts) parser.feed(text);
  return collected;
}

/** Parses one complete string. */
export function parse(stream: string, options: Options = {}): Collected {
  return parseChunks([stream], options);
}

/** The events of one complete string. */
export function events(stream: string): ParsedEvent[] {
  return parse(stream).events;
}

/** `bytes` split at `at`, as two chunks. */
export function splitAt(bytes: Uint8Array, at: number): Uint8Array[] {
  return [bytes.subarray(0, at), bytes.subarray(at)];
}

/** One chunk per byte. */
export function byteByByte(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A message event as a browser would give it. */
export function message(data: string, lastEventId = "", type = "message"): ParsedEvent {
  return { type, data, lastEventId };
}

/** The bytes of `parts`, one after the other. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** `bytes` cut at the given points (taken modulo length + 1, any order, repeats allowed). */
export function splitAtPoints(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}
