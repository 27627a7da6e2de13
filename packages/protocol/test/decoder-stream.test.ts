import { describe, expect, it } from "vitest";
import { createDecoderStream, type ParsedEvent, type SseError } from "../src/index.ts";
import { message, utf8 } from "./helpers/collect.ts";

function source(chunks: (string | Uint8Array)[]): ReadableStream<string | Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<ParsedEvent>): Promise<ParsedEvent[]> {
  const out: ParsedEvent[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) out.push(read.value);
  return out;
}

describe("createDecoderStream", () => {
  it("turns byte and string chunks into events, with chunk-split characters and CRLF", async () => {
    const bytes = utf8("id: 1\r\ndata: é\r\n\r\n");
    const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 14), bytes.subarray(14), "data: b\n\n"];
    expect(await collect(source(chunks).pipeThrough(createDecoderStream()))).toStrictEqual([
      message("é", "1"),
      message("b", "1"),
    ]);
  });

  it("passes retry, comments, errors and the initial id to the options", async () => {
    const retries: number[] = [];
    const comments: string[] = [];
    const errors: SseError[] = [];
    const stream = source([": hi\nretry: 10\ndata: 0123456789abcdef\n\ndata: a\n\n"]).pipeThrough(
      createDecoderStream({
        onRetry: (ms) => retries.push(ms),
        onComment: (text) => comments.push(text),
        onError: (error) => errors.push(error),
        lastEventId: "5",
        maxBufferSize: 16,
      }),
    );
    expect(await collect(stream)).toStrictEqual([message("a", "5")]);
    expect(retries).toStrictEqual([10]);
    expect(comments).toStrictEqual(["hi"]);
    expect(errors.map((error) => error.code)).toStrictEqual(["buffer-overflow"]);
  });
});
