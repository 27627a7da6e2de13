/** A Prometheus histogram with fixed bucket bounds: observing and exposing cost O(buckets). */
export class Histogram {
  readonly #bounds: readonly number[];
  // Per-bucket counts, not cumulative; the exposition sums them.
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(bounds: readonly number[]) {
    this.#bounds = bounds;
    this.#counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    // A loop, not findIndex with a closure: this runs on every publish.
    const bounds = this.#bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.#counts[i]!++;
        break;
      }
    }
    this.#sum += value;
    this.#count++;
  }

  /** The `_bucket` (cumulative, ending with `+Inf`), `_sum` and `_count` lines of `name`. */
  lines(name: string): string {
    let out = "";
    let cumulative = 0;
    this.#bounds.forEach((bound, index) => {
      cumulative += this.#counts[index]!;
      out += `${name}_bucket{le="${bound}"} ${cumulative}\n`;
    });
    return `${out}${name}_bucket{le="+Inf"} ${this.#count}\n${name}_sum ${this.#sum}\n${name}_count ${this.#count}\n`;
  }
}

/** Bounds in seconds for request latencies: 0.5 ms to 10 s. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
