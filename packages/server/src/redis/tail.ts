import { backoff } from "./backoff.ts";
import { type StreamEntry, streamId } from "./codec.ts";
import type { Link } from "./link.ts";

/** Options of {@link Tail}. */
export interface TailOptions {
  link: Link;
  stream: string;
  /** The seq to read after: the head when the node started. */
  from: number;
  /** How long one XREAD blocks, ms. */
  block: number;
  /** Extra time over `block` before a silent connection is presumed dead, ms. */
  watchdog: number;
  /** Entries per read, at most. */
  count: number;
  /** Called for every entry read, in stream order, exactly once. */
  onEntries: (entries: StreamEntry[]) => void;
  /** Called before each read after a failure, and at most once a second otherwise (refreshes figures). */
  onIdle: (failed: boolean) => Promise<void>;
  onError: (error: Error) => void;
}

/**
 * Follows the stream on its own connection with a blocking XREAD that always names the last id seen
 * (never `$`, which after a reconnect would skip what arrived meanwhile). node-redis rejects a blocked
 * read when its connection drops; a read that outlives `block + watchdog` (a half-open connection) is
 * given up and its connection replaced. After any failure it reads again from the same id.
 */
export class Tail {
  readonly #options: TailOptions;
  #last: number;
  #healthy = true;
  #closed = false;
  #wake: (() => void) | undefined;
  readonly #done: Promise<void>;

  constructor(options: TailOptions) {
    this.#options = options;
    this.#last = options.from;
    this.#done = this.#run();
  }

  /** The seq of the newest entry read. */
  get last(): number {
    return this.#last;
  }

  /** False from a failed read until the next one succeeds. */
  get healthy(): boolean {
    return this.#healthy;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    await this.#done;
  }

  async #run(): Promise<void> {
    const { link, stream, block, watchdog, count } = this.#options;
    let failures = 0;
    let refreshed = Date.now();
    while (!this.#closed) {
      try {
        if (failures > 0 || Date.now() - refreshed >= 1000) {
          await this.#options.onIdle(failures > 0);
          refreshed = Date.now();
        }
        const reply = (await link.send(
          ["XREAD", "COUNT", String(count), "BLOCK", String(block), "STREAMS", stream, streamId(this.#last)],
          block + watchdog,
        )) as [string, StreamEntry[]][] | null;
        this.#healthy = true;
        failures = 0;
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length === 0) continue;
        const first = Number(entries[0]![0].slice(2));
        if (first > this.#last + 1) {
          // Seqs are contiguous within an epoch: the missing ones left the stream before this node read them.
          this.#options.onError(
            new Error(
              `entries ${this.#last + 1} to ${first - 1} were gone before read (or a new epoch began)`,
            ),
          );
        }
        this.#last = Number(entries[entries.length - 1]![0].slice(2));
        this.#options.onEntries(entries);
      } catch (error) {
        if (this.#closed) break;
        this.#healthy = false;
        this.#options.onError(error as Error);
        await this.#sleep(backoff(failures++));
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
