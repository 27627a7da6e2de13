import { expect, it } from "vitest";
import { backoffDelay, parseRetryAfter } from "../src/backoff.ts";

const options = { min: 100, max: 5_000, factor: 2 };

it("backoff: every delay lies in the full-jitter envelope [floor, min(max, floor + floor·factor^n)]", () => {
  for (const random of [0, 0.25, 0.5, 0.999]) {
    const schedule = Array.from({ length: 12 }, (_, attempt) =>
      backoffDelay(attempt, options, undefined, () => random),
    );
    schedule.forEach((delay, attempt) => {
      const ceiling = Math.min(options.max, options.min + options.min * options.factor ** attempt);
      expect(
        delay >= options.min && delay <= ceiling,
        `attempt ${attempt}: ${delay} outside [100, ${ceiling}]`,
      ).toBeTruthy();
    });
    expect(schedule.every((delay) => delay <= options.max)).toBeTruthy();
  }
});

it("backoff: grows with the attempt for a fixed random, then stays at max", () => {
  const schedule = Array.from({ length: 10 }, (_, attempt) =>
    backoffDelay(attempt, options, undefined, () => 0.5),
  );
  expect(schedule).toStrictEqual([150, 200, 300, 500, 900, 1700, 2600, 2600, 2600, 2600]);
});

it("backoff: random 0 gives the floor, and a server retry: raises the floor", () => {
  expect(backoffDelay(3, options, undefined, () => 0)).toBe(100);
  expect(backoffDelay(0, options, 2_000, () => 0)).toBe(2_000);
  expect(backoffDelay(0, options, 2_000, () => 0.5)).toBe(3_000);
  expect(
    backoffDelay(0, options, 50_000, () => 0.5),
    "never above max",
  ).toBe(5_000);
  expect(
    backoffDelay(0, options, 10, () => 0),
    "a smaller retry does not lower min",
  ).toBe(100);
});

it("Retry-After: delta-seconds and HTTP dates", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  expect(parseRetryAfter("3", now)).toBe(3_000);
  expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5_000);
  expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
  expect(parseRetryAfter(null, now)).toBe(undefined);
  expect(parseRetryAfter("soon", now)).toBe(undefined);
});
