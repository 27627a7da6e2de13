import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isSseError, SseError } from "../src/index.ts";

describe("SseError", () => {
  test("has a name, a code, a message and a cause", () => {
    const cause = new TypeError("inner");
    const error = new SseError("invalid-selector", "bad", { cause });
    assert.equal(error.name, "SseError");
    assert.equal(error.code, "invalid-selector");
    assert.equal(error.message, "bad");
    assert.equal(error.cause, cause);
    assert.ok(error instanceof Error);
  });

  test("isSseError recognises copies from another package instance by name and code", () => {
    const foreign = Object.assign(new Error("x"), { name: "SseError", code: "invalid-id" });
    assert.equal(isSseError(foreign), true);
    assert.equal(isSseError(new SseError("invalid-id", "x")), true);
  });

  test("isSseError rejects other values", () => {
    assert.equal(isSseError(new Error("x")), false);
    assert.equal(isSseError({ name: "SseError", code: "unknown-code" }), false);
    assert.equal(isSseError(null), false);
    assert.equal(isSseError("SseError"), false);
  });
});
