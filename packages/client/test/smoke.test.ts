import assert from "node:assert/strict";
import { test } from "node:test";
import { placeholder } from "../src/index.ts";

test("smoke", () => {
  assert.equal(placeholder, 1);
});
