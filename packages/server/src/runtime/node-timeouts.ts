/// <reference types="node" />
import type { ServerOptions } from "node:http";
import type { ServeOptions } from "./serve-options.ts";

/** Default time to send a request's headers on Node: 10 s (Node's own default is 60 s). */
export const DEFAULT_HEADERS_TIMEOUT = 10_000;
/** Default time to send a whole request on Node: 60 s (Node's own default is 300 s); 4 MiB needs 70 KB/s. */
export const DEFAULT_REQUEST_TIMEOUT = 60_000;

/**
 * Node's server options that cut a client sending its request slowly. They bound only the request: a
 * subscriber's GET is complete once its headers are in, so its long response is never cut (the socket's idle
 * timeout stays off). Node checks them every `connectionsCheckingInterval`, by default 30 s: far too coarse for
 * short limits, so it follows the shorter one.
 */
export function nodeTimeouts(options: ServeOptions): ServerOptions {
  const headersTimeout = options.headersTimeout ?? DEFAULT_HEADERS_TIMEOUT;
  // Node requires the request timeout to be at least the headers timeout.
  const requestTimeout = Math.max(options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT, headersTimeout);
  return {
    headersTimeout,
    requestTimeout,
    connectionsCheckingInterval: Math.max(50, Math.min(headersTimeout, 5_000) / 2),
  };
}
