// @ssehub/protocol from its tarball: decode a byte stream split at awkward places, print the events as JSON.
import { createDecoderStream } from "@ssehub/protocol";

const bytes = new TextEncoder().encode(
  "\uFEFFid: 1\nevent: greeting\ndata: caf\u00e9\r\ndata: \u{1F600}\n\n: note\nid: 2\ndata: two\n\n",
);
const chunks = [bytes.slice(0, 2), bytes.slice(2, 31), bytes.slice(31, 33), bytes.slice(33)];
const source = new ReadableStream({
  start(controller) {
    for (const chunk of chunks) controller.enqueue(chunk);
    controller.close();
  },
});
const events = [];
for await (const event of source.pipeThrough(createDecoderStream())) events.push(event);
console.log(JSON.stringify(events.map(({ type, lastEventId, data }) => ({ type, lastEventId, data }))));
