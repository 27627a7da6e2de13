/**
 * Largest write made by joining queued chunks (a single larger chunk still goes alone): bounds the copy when
 * a long replay or a burst is waiting.
 */
export const MAX_WRITE = 256 * 1024;

/** Why a subscriber's stream ended: the hub ended it (`closed`) or the client went away (`aborted`). */
export type EndKind = "closed" | "aborted";

/** Shared byte counter, so the hub reports the sum of all queues without walking them. */
export interface QueueMeter {
  queuedBytes: number;
}

/**
 * A runtime's own writer for a subscriber body (the runtime fast path): `write` returns false when the
 * connection's buffer is full; the runtime then calls {@link SubscriberStream.resume} once it drained, and
 * {@link SubscriberStream.abort} when the client went away.
 */
export interface DirectSink {
  write(chunk: Uint8Array): boolean;
  /** Ends the response after what was written. */
  end(): void;
  /** Drops the connection with whatever is still buffered (a slow consumer's). */
  destroy(): void;
}

const directBodies = new WeakMap<ReadableStream<Uint8Array>, SubscriberStream>();

/** The subscriber behind a response body, when a runtime may write it directly instead of reading the stream. */
export function directSource(body: ReadableStream<Uint8Array> | null): SubscriberStream | undefined {
  return body === null ? undefined : directBodies.get(body);
}

/**
 * The byte side of one subscriber: a bounded queue drained into a pull-based `ReadableStream`, or straight
 * into a runtime's {@link DirectSink}. Pushing never waits. While the reader is busy, pushed chunks wait in
 * the queue and leave together in one write, so a busy subscriber costs fewer writes per update.
 */
export class SubscriberStream {
  readonly stream: ReadableStream<Uint8Array>;
  state: "open" | EndKind = "open";
  queuedBytes = 0;
  #queue: Uint8Array[] = [];
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #sink: DirectSink | undefined;
  /** True while the consumer can take bytes at once (a pending pull, or a sink that is not full). */
  #waiting = false;
  readonly #meter: QueueMeter;
  readonly #onEnd: (kind: EndKind) => void;

  constructor(meter: QueueMeter, onEnd: (kind: EndKind) => void) {
    this.#meter = meter;
    this.#onEnd = onEnd;
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
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
    directBodies.set(this.stream, this);
  }

  /** Writes to `sink` from now on instead of the stream, which must stay unread. Only while open. */
  attach(sink: DirectSink): void {
    directBodies.delete(this.stream);
    this.#sink = sink;
    this.resume();
  }

  /** The sink drained: send what waits. */
  resume(): void {
    this.#waiting = true;
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
   * stream); `limit` Infinity disables the check.
   */
  push(bytes: Uint8Array, limit: number): boolean {
    if (this.state !== "open") return true;
    this.#queue.push(bytes);
    this.queuedBytes += bytes.byteLength;
    this.#meter.queuedBytes += bytes.byteLength;
    if (this.#waiting) {
      this.#flush();
      return true;
    }
    return this.queuedBytes <= limit;
  }

  /**
   * Ends the stream. `flush` true sends what is queued (plus `last`) before the end; false drops it and cuts
   * the connection, as for a slow consumer whose queue cannot be sent anyway.
   */
  close(flush: boolean, last?: Uint8Array): void {
    if (this.state !== "open") return;
    if (flush) {
      if (last !== undefined) {
        this.#queue.push(last);
        this.queuedBytes += last.byteLength;
        this.#meter.queuedBytes += last.byteLength;
      }
      // A sink or the stream's own queue takes the rest past the limit: the end follows right after.
      while (this.#queue.length > 0) this.#flush();
    } else {
      this.#drop();
    }
    this.state = "closed";
    if (this.#sink !== undefined) {
      if (flush) this.#sink.end();
      else this.#sink.destroy();
    } else {
      try {
        // Dropping: erroring the body makes the runtime cut the connection and free its buffers, where a
        // clean end would wait for a reader that does not read.
        if (flush) this.#controller.close();
        else this.#controller.error(new Error("subscriber queue over its limit"));
      } catch {
        // Already errored by the runtime: nothing left to close.
      }
    }
    this.#onEnd("closed");
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
    if (this.#sink !== undefined) {
      this.#waiting = this.#sink.write(chunk);
    } else {
      this.#waiting = false;
      this.#controller.enqueue(chunk);
    }
  }

  #drop(): void {
    this.#meter.queuedBytes -= this.queuedBytes;
    this.queuedBytes = 0;
    this.#queue.length = 0;
  }
}
