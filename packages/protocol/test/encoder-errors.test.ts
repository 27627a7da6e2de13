// Each bad input to the encoder gives its own typed error, and nothing is written.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { encodeComment, encodeEvent, isSseError, type SseErrorCode, type SseEvent } from "../src/index.ts";

const cases: [string, SseEvent, SseErrorCode][] = [
  ["event type with LF", { type: "a\nb", data: "x" }, "invalid-event-type"],
  ["event type with CR", { type: "a\rb", data: "x" }, "invalid-event-type"],
  ["event type with CRLF", { type: "a\r\ndata: injected", data: "x" }, "invalid-event-type"],
  ["id with LF", { id: "1\ndata: injected" }, "invalid-id"],
  ["id with CR", { id: "1\r" }, "invalid-id"],
  ["id with NUL", { id: "1\u00002" }, "id-contains-nul"],
  ["negative retry", { retry: -1 }, "invalid-retry"],
  ["fractional retry", { retry: 1.5 }, "invalid-retry"],
  ["NaN retry", { retry: Number.NaN }, "invalid-retry"],
  ["infinite retry", { retry: Number.POSITIVE_INFINITY }, "invalid-retry"],
  ["retry beyond safe integers", { retry: 2 ** 60 }, "invalid-retry"],
  ["non-numeric retry", { retry: "5" as unknown as number }, "invalid-retry"],
  ["non-string id", { id: 5 as unknown as string }, "invalid-id"],
  ["non-string type", { type: 5 as unknown as string }, "invalid-event-type"],
];

describe("encoder errors", () => {
  for (const [name, event, code] of cases) {
    test(`${name} → ${code}`, () => {
      assert.throws(
        () => encodeEvent(event),
        (error: unknown) => isSseError(error) && error.code === code && error.name === "SseError",
      );
    });
  }

  test("a non-string comment → invalid-comment", () => {
    assert.throws(
      () => encodeComment(5 as unknown as string),
      (error: unknown) => isSseError(error) && error.code === "invalid-comment",
    );
  });
});
