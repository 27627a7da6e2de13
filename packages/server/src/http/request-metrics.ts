import type { HubErrorCode } from "../core/errors.ts";
import { Histogram, LATENCY_BUCKETS } from "./histogram.ts";
import { LoopDelaySampler } from "./loop-delay.ts";

/**
 * What the HTTP layer counts for `/metrics`: refusals by status and reason (reasons are the fixed set of
 * {@link HubErrorCode}s, so the label set stays small), publish and broker latency and the event-loop delay.
 */
export class RequestMetrics {
  /** Refusals keyed by `status reason`. */
  readonly refusals = new Map<string, number>();
  /** Seconds from a publish request received to its id answered. */
  readonly publishSeconds = new Histogram(LATENCY_BUCKETS);
  /** Seconds each `broker.publish` took. */
  readonly brokerSeconds = new Histogram(LATENCY_BUCKETS);
  readonly loopDelay = new LoopDelaySampler();

  refused(status: number, reason: HubErrorCode): void {
    const key = `${status} ${reason}`;
    this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
  }
}

/** The process's resident set size where the runtime tells it (Node, Bun and Deno provide `process`). */
export function residentBytes(): number | undefined {
  const runtime = globalThis as { process?: { memoryUsage?: () => { rss: number } } };
  return runtime.process?.memoryUsage?.().rss;
}
