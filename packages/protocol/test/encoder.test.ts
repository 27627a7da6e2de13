import { describe, expect, it } from "vitest";
import {
  createEncoderStream,
  encodeComment,
  encodeEvent,
  encodeEventBytes,
  type SseEvent,
} from "../src/index.ts";
import { utf8 } from "./helpers/collect.ts";

describe("encodeEvent", () => {
  it("writes event, id, retry and data lines, then a blank line", () => {
    expect(encodeEvent({ type: "add", id: "7", retry: 1000, data: "x" })).toBe(
      "event: add\nid: 7\nretry: 1000\ndata: x\n\n",
    );
  });

  it("splits data on CRLF, LF and CR into one data line each, with the space", () => {
    expect(encodeEvent({ data: "a\r\nb\nc\rd" })).toBe("data: a\ndata: b\ndata: c\ndata: d\n\n");
  });

  it("keeps leading spaces and empty lines", () => {
    expect(encodeEvent({ data: " a\n\n  b\n" })).toBe("data:  a\ndata: \ndata:   b\ndata: \n\n");
  });

  it("writes empty data as one data line", () => {
    expect(encodeEvent({ data: "" })).toBe("data: \n\n");
  });

  it("writes retry: 0 and id: empty (fields tested with !== undefined)", () => {
    expect(encodeEvent({ id: "", retry: 0 })).toBe("id: \nretry: 0\n\n");
  });

  it("omits undefined fields", () => {
    expect(encodeEvent({})).toBe("\n");
    expect(encodeEvent({ data: "a", type: undefined })).toBe("data: a\n\n");
  });

  it("encodeEventBytes gives the UTF-8 of the text", () => {
    const event: SseEvent = { type: "é", data: "😀" };
    expect(encodeEventBytes(event)).toStrictEqual(utf8(encodeEvent(event)));
  });
});

describe("encodeComment", () => {
  it("writes one comment line per line of text", () => {
    expect(encodeComment("hello")).toBe(": hello\n");
    expect(encodeComment("a\r\nb\rc\n")).toBe(": a\n: b\n: c\n:\n");
  });

  it("an empty or missing text is a bare colon (a heartbeat)", () => {
    expect(encodeComment("")).toBe(":\n");
    expect(encodeComment()).toBe(":\n");
  });
});

describe("createEncoderStream", () => {
  it("turns events into their bytes", async () => {
    const events: SseEvent[] = [{ data: "a" }, { id: "1", data: "b" }];
    const source = new ReadableStream<SseEvent>({
      start(controller) {
        for (const event of events) controller.enqueue(event);
        controller.close();
      },
    });
    const text = await new Response(source.pipeThrough(createEncoderStream())).text();
    expect(text).toBe("data: a\n\nid: 1\ndata: b\n\n");
  });

  it("an invalid event errors the stream with its SseError", async () => {
    const source = new ReadableStream<SseEvent>({
      start(controller) {
        controller.enqueue({ id: "a\nb" });
        controller.close();
      },
    });
    await expect(new Response(source.pipeThrough(createEncoderStream())).text()).rejects.toMatchObject({
      name: "SseError",
      code: "invalid-id",
    });
  });
});
