import type { DirectSink } from "./direct-sink.ts";

/**
 * Largest write made by joining queued chunks (a single larger chunk still goes alone): bounds the copy when
 * a long replay or a burst is waiting.
 */
export const MAX_WRITE = 256 * 1024;

/** Why a subscriber's stream ended: the hub ended it (`closed`) or the client went away (`aborted`). */
export type EndKind = "closed" | "aborted";

/** Shared byte counters, so the hub reports the sums over all queues without walking them. */
export interface QueueMeter {
  queuedBytes: number;
  /** Bytes handed to subscriber connections, ever. */
  writtenBytes: number;
}

/**
 * The byte side of one subscriber: a bounded queue drained into a pull-based `ReadableStream` (made on first
 * use of {@link stream}), or straight into a runtime's {@link DirectSink}. Pushing never waits. While the
 * consumer is busy, pushed chunks wait in the queue and leave together in one write, so a busy subscriber
 * costs fewer writes per update.
 */
export class SubscriberStream {
  state: "open" | EndKind = "open";
  queuedBytes = 0;
  /** Bytes handed to the connection so far. */
  writtenBytes = 0;
  /**
   * Queued bytes pushed with no limit (the prelude: replay, markers). They are at the head of the queue, so
   * they leave first; until then they do not count against the limit of the live pushes behind them.
   */
  #unlimited = 0;
  #queue: Uint8Array[] = [];
  #stream: ReadableStream<Uint8Array> | undefined;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #sink: DirectSink | undefined;
  /** True while the consumer can take bytes at once (a pending pull, or a sink that is not full). */
  #waiting = false;
  /** True while a sink's deferred flush is due. */
  #deferred = false;
  readonly #meter: QueueMeter;
  readonly #onEnd: (kind: EndKind) => void;

  constructor(meter: QueueMeter, onEnd: (kind: EndKind) => void) {
    this.#meter = meter;
    this.#onEnd = onEnd;
  }

  /** The body as a Web Stream, for runtimes without a {@link DirectSink}. Never together with {@link attach}. */
  get stream(): ReadableStream<Uint8Array> {
    this.#stream ??= new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
          if (this.state === "closed") this.#finish();
        },
        pull: () => {
          if (this.#queue.length > 0) this.#flush();
          else this.#waiting = true;
        },
        // The client went away (every runtime cancels the body): free everything at once.
        cancel: () => this.abort(),
      },
      // Nothing is buffered inside the stream: bytes wait in the queue, where they are counted.
      { highWaterMark: 0 },
    );
    return this.#stream;
  }

  /** Writes to `sink` from now on (the stream is never made). Sends what waits, and the end if already closed. */
  attach(sink: DirectSink): void {
    this.#sink = sink;
    if (this.state === "closed") this.#finish();
    else this.resume();
  }

  /** The sink drained: send what waits. */
  resume(): void {
    this.#waiting = true;
    this.flushDeferred();
  }

  /** The sink's deferred flush: sends what waits, as far as the sink takes it. */
  flushDeferred(): void {
    this.#deferred = false;
    while (this.#waiting && this.#queue.length > 0) this.#flush();
  }

  /** The client went away. */
  abort(): void {
    if (this.state !== "open") return;
    this.#drop();
    this.state = "aborted";
    this.#onEnd("aborted");
  }

  /**
   * Queues `bytes`. Returns false when the queue now holds more than `limit` bytes (the caller closes the
   * stream), not counting bytes still queued from unlimited pushes; `limit` Infinity disables the check.
   */
  push(bytes: Uint8Array, limit: number): boolean {
    if (this.state !== "open") return true;
    this.#queue.push(bytes);
    this.queuedBytes += bytes.byteLength;
    this.#meter.queuedBytes += bytes.byteLength;
    if (limit === Number.POSITIVE_INFINITY) this.#unlimited += bytes.byteLength;
    if (this.#waiting) {
      if (this.#sink === undefined) {
        // A pending pull takes it now; what comes before the next pull waits and leaves with the next write.
        this.#flush();
        return true;
      }
      if (!this.#deferred) {
        this.#deferred = true;
        this.#sink.defer(this);
      }
    }
    return this.queuedBytes - this.#unlimited <= limit;
  }

  /**
   * Ends the stream after what the consumer already took. `flush` true first sends what is queued (plus
   * `last`); false drops the queue, as for a slow consumer whose queue cannot be sent anyway: its client
   * resumes from the last event it received whole. Either way the end is clean, not an error.
   */
  close(flush: boolean, last?: Uint8Array): void {
    if (this.state !== "open") return;
    if (!flush) this.#drop();
    else if (last !== undefined) {
      this.#queue.push(last);
      this.queuedBytes += last.byteLength;
      this.#meter.queuedBytes += last.byteLength;
    }
    this.state = "closed";
    this.#finish();
    this.#onEnd("closed");
  }

  /** After close: hands the rest to the consumer past any limit, then ends it. Waits for a consumer to exist. */
  #finish(): void {
    if (this.#sink === undefined && this.#controller === undefined) return;
    while (this.#queue.length > 0) this.#flush();
    if (this.#sink !== undefined) {
      this.#sink.end();
      return;
    }
    try {
      this.#controller!.close();
    } catch {
      // Already cancelled by the runtime: nothing left to close.
    }
  }

  /** Hands the oldest queued chunks to the consumer: as many as fit in one write of {@link MAX_WRITE} bytes. */
  #flush(): void {
    const queue = this.#queue;
    let count = 1;
    let size = queue[0]!.byteLength;
    while (count < queue.length && size + queue[count]!.byteLength <= MAX_WRITE) {
      size += queue[count]!.byteLength;
      count++;
    }
    let chunk: Uint8Array;
    if (count === 1) {
      chunk = queue[0]!;
    } else {
      chunk = new Uint8Array(size);
      let offset = 0;
      for (let i = 0; i < count; i++) {
        chunk.set(queue[i]!, offset);
        offset += queue[i]!.byteLength;
      }
    }
    if (count === queue.length) queue.length = 0;
    else queue.splice(0, count);
    this.#meter.queuedBytes -= size;
    this.queuedBytes -= size;
    this.#meter.writtenBytes += size;
    this.writtenBytes += size;
    this.#unlimited = Math.max(0, this.#unlimited - size);
    if (this.#sink !== undefined) {
      this.#waiting = this.#sink.write(chunk);
    } else {
      this.#waiting = false;
      this.#controller!.enqueue(chunk);
    }
  }

  #drop(): void {
    this.#meter.queuedBytes -= this.queuedBytes;
    this.queuedBytes = 0;
    this.#unlimited = 0;
    this.#queue.length = 0;
  }
}
