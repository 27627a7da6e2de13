import { encodeComment, encodeEventBytes, type Update } from "@ssehub/protocol";
import type { Logger } from "../types.ts";
import type { BrokerEntry } from "./broker.ts";
import { Heartbeat } from "./heartbeat.ts";
import type { Subscriber } from "./subscriber.ts";
import type { QueueMeter } from "./subscriber-stream.ts";
import { TopicIndex } from "./topic-index.ts";

const HEARTBEAT = new TextEncoder().encode(encodeComment());

/**
 * Delivery: the members and their topic index, each entry encoded once and its bytes queued for every
 * matching member, heartbeats, the slow-consumer policy, and the counters the hub reports.
 */
export class FanOut {
  readonly members = new Set<Subscriber>();
  readonly meter: QueueMeter = { queuedBytes: 0, writtenBytes: 0 };
  subscriptions = 0;
  /** Open members by the protocol draft they speak. */
  readonly connectionsByDraft = { 7: 0, 8: 0 };
  /** Open subscriptions per selector text, kept as members come and go so no report walks the members. */
  readonly subscriptionsBySelector = new Map<string, number>();
  updatesPublished = 0;
  deliveries = 0;
  slowConsumerDisconnects = 0;
  readonly #index = new TopicIndex<Subscriber>();
  readonly #encoded = new WeakMap<BrokerEntry, Uint8Array>();
  readonly #heartbeat: Heartbeat<Subscriber>;
  readonly #maxQueue: number;
  readonly #logger: Logger | undefined;
  #mark = 0;
  #dispatching = false;
  readonly #backlog: BrokerEntry[] = [];

  /** `heartbeat` and `maxQueue` as in the hub options (ms, bytes). */
  constructor(heartbeat: number, maxQueue: number, logger: Logger | undefined) {
    this.#maxQueue = maxQueue;
    this.#logger = logger;
    this.#heartbeat = new Heartbeat(heartbeat, this.members, (member) => {
      // A member still in its prelude is being written to right now.
      if (member.pending === null) this.#pushLive(member, HEARTBEAT);
    });
  }

  add(member: Subscriber): void {
    this.members.add(member);
    this.connectionsByDraft[member.info.draft]++;
    for (const selector of member.selectors) {
      this.#index.add(selector, member, member.baseURL);
      const count = this.subscriptionsBySelector.get(selector.pattern) ?? 0;
      this.subscriptionsBySelector.set(selector.pattern, count + 1);
    }
    this.subscriptions += member.selectors.length;
    member.lastTick = this.#heartbeat.tick;
    this.#heartbeat.update();
  }

  /** False when `member` was already gone. */
  remove(member: Subscriber): boolean {
    if (!this.members.delete(member)) return false;
    this.connectionsByDraft[member.info.draft]--;
    for (const selector of member.selectors) {
      this.#index.remove(selector, member, member.baseURL);
      const count = this.subscriptionsBySelector.get(selector.pattern) ?? 0;
      if (count <= 1) this.subscriptionsBySelector.delete(selector.pattern);
      else this.subscriptionsBySelector.set(selector.pattern, count - 1);
    }
    this.subscriptions -= member.selectors.length;
    this.#heartbeat.update();
    return true;
  }

  /**
   * Dispatches entries one at a time, in order. A dispatch can cause a publish (a slow consumer's
   * subscription event, a hook): a broker that announces synchronously would nest the new entry inside the
   * current fan-out and deliver it first to the members not visited yet, so it waits in the backlog.
   */
  receive(entry: BrokerEntry): void {
    if (this.#dispatching) {
      this.#backlog.push(entry);
      return;
    }
    this.#dispatching = true;
    try {
      this.#dispatch(entry);
      for (let i = 0; i < this.#backlog.length; i++) this.#dispatch(this.#backlog[i]!);
    } finally {
      this.#backlog.length = 0;
      this.#dispatching = false;
    }
  }

  #dispatch(entry: BrokerEntry): void {
    this.updatesPublished++;
    const update = entry.update;
    // Encoded once for every member, but not held: live bytes die young once written, while bytes held as
    // long as the history holds their entry survive the young generation with it (a third of the objects of
    // a held entry, and the costliest kind to move: ~3 µs of collection per publish on Node).
    const bytes = this.#encoded.get(entry) ?? encodeEntry(entry);
    const mark = ++this.#mark;
    const visit = (member: Subscriber): void => {
      // Several selectors of one member may match: it gets the update once.
      if (member.mark === mark) return;
      member.mark = mark;
      if (entry.seq <= member.floor) return;
      if (update.private && !member.mayRead(update)) return;
      if (member.pending !== null) member.pending.push(entry);
      else this.deliver(member, bytes);
    };
    for (const topic of update.topics) this.#index.forEachMatch(topic, visit);
  }

  /** True when `member` subscribed to one of the update's topics (through the index's pattern cache). */
  selects(member: Subscriber, update: Update): boolean {
    for (const topic of update.topics) if (this.#index.has(topic, member)) return true;
    return false;
  }

  /** A live delivery, held to the queue limit. */
  deliver(member: Subscriber, bytes: Uint8Array): void {
    this.deliveries++;
    member.lastTick = this.#heartbeat.tick;
    this.#pushLive(member, bytes);
  }

  /** A prelude delivery: bounded by the history, so not held to the live queue limit. */
  deliverPrelude(member: Subscriber, entry: BrokerEntry): void {
    this.deliveries++;
    this.write(member, this.bytes(entry));
  }

  /** Writes hub-made bytes (markers, the first comment) outside the limit. */
  write(member: Subscriber, bytes: Uint8Array): void {
    member.output.push(bytes, Number.POSITIVE_INFINITY);
  }

  /**
   * The entry's SSE bytes for a replay, encoded on first use and held with the entry: subscribers that
   * reconnect together replay the same entries.
   */
  bytes(entry: BrokerEntry): Uint8Array {
    let bytes = this.#encoded.get(entry);
    if (bytes === undefined) {
      bytes = encodeEntry(entry);
      this.#encoded.set(entry, bytes);
    }
    return bytes;
  }

  stop(): void {
    this.#heartbeat.stop();
  }

  /** Queues within the limit; a member past it is closed and counted (its client resumes from history). */
  #pushLive(member: Subscriber, bytes: Uint8Array): void {
    if (member.output.push(bytes, this.#maxQueue)) return;
    this.slowConsumerDisconnects++;
    // Policy, not a fault: the client resumes from the history.
    this.#logger?.info("slow consumer disconnected", {
      subscriber: member.info.id,
      maxQueue: this.#maxQueue,
    });
    member.output.close(false);
  }
}

function encodeEntry(entry: BrokerEntry): Uint8Array {
  const { type, data, id, retry } = entry.update;
  return encodeEventBytes({ type, data, id, retry });
}
