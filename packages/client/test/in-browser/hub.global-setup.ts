import type { TestProject } from "vitest/node";
import { startHub } from "../helpers/hub.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The hub endpoint the browser tests talk to. */
    hubUrl: string;
  }
}

/**
 * Runs in Node before the browser tests: a real hub whose CORS lets the test page (vitest's own origin, on a
 * port picked at start) subscribe, and publish with the token "browser".
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const hub = await startHub({
    heartbeat: 0,
    corsOrigins: ["*"],
    authorize: ({ action, request }) =>
      action === "publish" ? request.headers.get("authorization") === "Bearer browser" : undefined,
  });
  project.provide("hubUrl", hub.url);
  return hub.close;
}
