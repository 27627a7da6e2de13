import { createParser } from "./parser.ts";
import type { ParserCallbacks } from "./text-parser.ts";
import type { ParsedEvent } from "./types.ts";

/**
 * A `TransformStream` from SSE bytes (or text) to parsed events, for `pipeThrough`. Same rules and options
 * as {@link createParser}; an unfinished event at the end of the stream is dropped, as the standard says.
 */
export function createDecoderStream(
  options: Omit<ParserCallbacks, "onEvent"> = {},
): TransformStream<Uint8Array | string, ParsedEvent> {
  let feed: (chunk: Uint8Array | string) => void = () => {};
  return new TransformStream<Uint8Array | string, ParsedEvent>({
    start(controller) {
      const parser = createParser({
        onEvent: (event) => controller.enqueue(event),
        onRetry: options.onRetry && ((ms) => options.onRetry?.(ms)),
        onComment: options.onComment && ((text) => options.onComment?.(text)),
        onError: options.onError && ((error) => options.onError?.(error)),
        lastEventId: options.lastEventId,
        maxBufferSize: options.maxBufferSize,
      });
      feed = (chunk) => parser.feed(chunk);
    },
    transform(chunk) {
      feed(chunk);
    },
  });
}
