import type { TopicMatcher, Update } from "@ssehub/protocol";
import type { SubscriberInfo } from "../types.ts";
import type { BrokerEntry } from "./broker.ts";
import { type EndKind, type QueueMeter, SubscriberStream } from "./subscriber-stream.ts";

/** One subscriber stream: what it asked for, what its token allows, and its queue. */
export class Subscriber {
  readonly info: SubscriberInfo;
  readonly selectors: readonly TopicMatcher[];
  /** The base URL its URL-pattern selectors resolve against. */
  readonly baseURL: string;
  /** Selectors the token grants for private updates; null for an anonymous subscriber. */
  readonly grants: readonly TopicMatcher[] | null;
  readonly output: SubscriberStream;
  /** Live entries held back while the prelude (replay or retained updates) is being read. */
  pending: BrokerEntry[] | null = [];
  /** Last dispatch that visited this subscriber, so one with several matching selectors gets an update once. */
  mark = 0;
  /** Live entries up to this `seq` were covered by the prelude. */
  floor = 0;
  /** Heartbeat tick of the last write. */
  lastTick = 0;
  expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The client's address, counted against the per-address connection limit while the stream is open. */
  address: string | undefined;

  constructor(
    info: SubscriberInfo,
    selectors: readonly TopicMatcher[],
    baseURL: string,
    grants: readonly TopicMatcher[] | null,
    meter: QueueMeter,
    onEnd: (subscriber: Subscriber, kind: EndKind) => void,
  ) {
    this.info = info;
    this.selectors = selectors;
    this.baseURL = baseURL;
    this.grants = grants;
    this.output = new SubscriberStream(meter, (kind) => onEnd(this, kind));
  }

  /** True for a public update, or a private one whose topics a grant covers. */
  mayRead(update: Update): boolean {
    return !update.private || (this.grants !== null && anyMatch(this.grants, update.topics));
  }
}

function anyMatch(matchers: readonly TopicMatcher[], topics: readonly string[]): boolean {
  for (const matcher of matchers) for (const topic of topics) if (matcher(topic)) return true;
  return false;
}
