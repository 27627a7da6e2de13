import assert from "node:assert/strict";
import { test } from "node:test";
import { backoffDelay, parseRetryAfter } from "../src/backoff.ts";

const options = { min: 100, max: 5_000, factor: 2 };

test("backoff: every delay lies in the full-jitter envelope [floor, min(max, floor + floor·factor^n)]", () => {
  for (const random of [0, 0.25, 0.5, 0.999]) {
    const schedule = Array.from({ length: 12 }, (_, attempt) =>
      backoffDelay(attempt, options, undefined, () => random),
    );
    schedule.forEach((delay, attempt) => {
      const ceiling = Math.min(options.max, options.min + options.min * options.factor ** attempt);
      assert.ok(
        delay >= options.min && delay <= ceiling,
        `attempt ${attempt}: ${delay} outside [100, ${ceiling}]`,
      );
    });
    assert.ok(schedule.every((delay) => delay <= options.max));
  }
});

test("backoff: grows with the attempt for a fixed random, then stays at max", () => {
  const schedule = Array.from({ length: 10 }, (_, attempt) =>
    backoffDelay(attempt, options, undefined, () => 0.5),
  );
  assert.deepEqual(schedule, [150, 200, 300, 500, 900, 1700, 2600, 2600, 2600, 2600]);
});

test("backoff: random 0 gives the floor, and a server retry: raises the floor", () => {
  assert.equal(
    backoffDelay(3, options, undefined, () => 0),
    100,
  );
  assert.equal(
    backoffDelay(0, options, 2_000, () => 0),
    2_000,
  );
  assert.equal(
    backoffDelay(0, options, 2_000, () => 0.5),
    3_000,
  );
  assert.equal(
    backoffDelay(0, options, 50_000, () => 0.5),
    5_000,
    "never above max",
  );
  assert.equal(
    backoffDelay(0, options, 10, () => 0),
    100,
    "a smaller retry does not lower min",
  );
});

test("Retry-After: delta-seconds and HTTP dates", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("3", now), 3_000);
  assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now), 5_000);
  assert.equal(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), 0);
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(parseRetryAfter("soon", now), undefined);
});
