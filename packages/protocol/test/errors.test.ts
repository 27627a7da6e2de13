import { describe, expect, it } from "vitest";
import { isSseError, SseError } from "../src/index.ts";

describe("SseError", () => {
  it("has a name, a code, a message and a cause", () => {
    const cause = new TypeError("inner");
    const error = new SseError("invalid-selector", "bad", { cause });
    expect(error.name).toBe("SseError");
    expect(error.code).toBe("invalid-selector");
    expect(error.message).toBe("bad");
    expect(error.cause).toBe(cause);
    expect(error instanceof Error).toBeTruthy();
  });

  it("isSseError recognises copies from another package instance by name and code", () => {
    const foreign = Object.assign(new Error("x"), { name: "SseError", code: "invalid-id" });
    expect(isSseError(foreign)).toBe(true);
    expect(isSseError(new SseError("invalid-id", "x"))).toBe(true);
  });

  it("isSseError rejects other values", () => {
    expect(isSseError(new Error("x"))).toBe(false);
    expect(isSseError({ name: "SseError", code: "unknown-code" })).toBe(false);
    expect(isSseError(null)).toBe(false);
    expect(isSseError("SseError")).toBe(false);
  });
});
