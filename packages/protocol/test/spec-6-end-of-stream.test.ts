// SSE-SPEC §6: an unfinished event at the end of the stream is discarded.
import { describe, expect, it } from "vitest";
import { createDecoderStream, type ParsedEvent } from "../src/index.ts";
import { events, message, utf8 } from "./helpers/collect.ts";

async function decodeAll(chunks: string[]): Promise<ParsedEvent[]> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(utf8(chunk));
      controller.close();
    },
  });
  const out: ParsedEvent[] = [];
  const reader = source.pipeThrough(createDecoderStream()).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) out.push(read.value);
  return out;
}

describe("§6 end of stream", () => {
  it("an event without its terminating blank line is not dispatched", () => {
    expect(events("data: a\n\ndata: b\n")).toStrictEqual([message("a")]);
    expect(events("data: a\n\ndata: b")).toStrictEqual([message("a")]);
  });

  it("the decoder stream does not dispatch a pending event when its input ends", async () => {
    expect(await decodeAll(["data: a\n\n", "data: b\n"])).toStrictEqual([message("a")]);
  });

  it("an id in the unfinished block never becomes the last event id", async () => {
    // WPT format-data-before-final-empty-line: the next stream would resume from "1", not "2".
    expect(await decodeAll(["id: 1\ndata: a\n\nid: 2\ndata: b"])).toStrictEqual([message("a", "1")]);
  });
});
