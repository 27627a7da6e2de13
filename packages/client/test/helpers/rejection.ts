import { expect } from "vitest";
import { type ClientError, isClientError } from "../../src/index.ts";

/**
 * The ClientError `promise` rejects with, for tests that check several of its fields. Fails the test when
 * the promise fulfils or rejects with anything else. (`rejects.toSatisfy` would do, but Bun lacks it.)
 */
export async function clientErrorOf(promise: Promise<unknown>, what: string): Promise<ClientError> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  expect(error, `${what} should reject`).toBeDefined();
  expect(isClientError(error), `${what} should reject with a ClientError, got ${String(error)}`).toBeTruthy();
  return error as ClientError;
}
