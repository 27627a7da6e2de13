// Each bad input to the encoder gives its own typed error, and nothing is written.
import { describe, expect, it } from "vitest";
import { encodeComment, encodeEvent, type SseErrorCode, type SseEvent } from "../src/index.ts";

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
    it(`${name} → ${code}`, () => {
      expect(() => encodeEvent(event)).toThrow(expect.objectContaining({ name: "SseError", code }));
    });
  }

  it("a non-string comment → invalid-comment", () => {
    expect(() => encodeComment(5 as unknown as string)).toThrow(
      expect.objectContaining({ name: "SseError", code: "invalid-comment" }),
    );
  });
});
