import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  createEncoderStream,
  encodeComment,
  encodeEvent,
  encodeEventBytes,
  type SseEvent,
} from "../src/index.ts";
import { utf8 } from "./helpers/collect.ts";

describe("encodeEvent", () => {
  test("writes event, id, retry and data lines, then a blank line", () => {
    assert.equal(
      encodeEvent({ type: "add", id: "7", retry: 1000, data: "x" }),
      "event: add\nid: 7\nretry: 1000\ndata: x\n\n",
    );
  });

  test("splits data on CRLF, LF and CR into one data line each, with the space", () => {
    assert.equal(encodeEvent({ data: "a\r\nb\nc\rd" }), "data: a\ndata: b\ndata: c\ndata: d\n\n");
  });

  test("keeps leading spaces and empty lines", () => {
    assert.equal(encodeEvent({ data: " a\n\n  b\n" }), "data:  a\ndata: \ndata:   b\ndata: \n\n");
  });

  test("writes empty data as one data line", () => {
    assert.equal(encodeEvent({ data: "" }), "data: \n\n");
  });

  test("writes retry: 0 and id: empty (fields tested with !== undefined)", () => {
    assert.equal(encodeEvent({ id: "", retry: 0 }), "id: \nretry: 0\n\n");
  });

  test("omits undefined fields", () => {
    assert.equal(encodeEvent({}), "\n");
    assert.equal(encodeEvent({ data: "a", type: undefined }), "data: a\n\n");
  });

  test("encodeEventBytes gives the UTF-8 of the text", () => {
    const event: SseEvent = { type: "é", data: "😀" };
    assert.deepEqual(encodeEventBytes(event), utf8(encodeEvent(event)));
  });
});

describe("encodeComment", () => {
  test("writes one comment line per line of text", () => {
    assert.equal(encodeComment("hello"), ": hello\n");
    assert.equal(encodeComment("a\r\nb\rc\n"), ": a\n: b\n: c\n:\n");
  });

  test("an empty or missing text is a bare colon (a heartbeat)", () => {
    assert.equal(encodeComment(""), ":\n");
    assert.equal(encodeComment(), ":\n");
  });
});

describe("createEncoderStream", () => {
  test("turns events into their bytes", async () => {
    const events: SseEvent[] = [{ data: "a" }, { id: "1", data: "b" }];
    const source = new ReadableStream<SseEvent>({
      start(controller) {
        for (const event of events) controller.enqueue(event);
        controller.close();
      },
    });
    const text = await new Response(source.pipeThrough(createEncoderStream())).text();
    assert.equal(text, "data: a\n\nid: 1\ndata: b\n\n");
  });

  test("an invalid event errors the stream with its SseError", async () => {
    const source = new ReadableStream<SseEvent>({
      start(controller) {
        controller.enqueue({ id: "a\nb" });
        controller.close();
      },
    });
    await assert.rejects(new Response(source.pipeThrough(createEncoderStream())).text(), {
      name: "SseError",
      code: "invalid-id",
    });
  });
});
