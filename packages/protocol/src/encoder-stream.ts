import { encodeEventBytes } from "./encoder.ts";
import type { SseEvent } from "./types.ts";

/**
 * A `TransformStream` from events to UTF-8 SSE bytes (one chunk per event).
 * An invalid event errors the stream with its {@link SseError}.
 */
export function createEncoderStream(): TransformStream<SseEvent, Uint8Array> {
  return new TransformStream<SseEvent, Uint8Array>({
    transform(event, controller) {
      controller.enqueue(encodeEventBytes(event));
    },
  });
}
