import { encodeComment, encodeEventBytes, type TopicMatcher, type Update } from "@ssehub/protocol";
import type { HubStats, Logger, PublishInput, SubscriberInfo } from "../types.ts";
import type { Broker, BrokerEntry, HistoryRead, PublishOptions, PublishResult } from "./broker.ts";
import type { NodeFigures, PresenceRecord } from "./cluster.ts";
import { ConnectionsPerAddress } from "./connections-per-address.ts";
import { HubError } from "./errors.ts";
import { FanOut } from "./fan-out.ts";
import { MatcherCache } from "./matcher-cache.ts";
import { type ImmediatePublish, immediatePublish } from "./memory-broker.ts";
import { formatPosition, parsePosition } from "./position.ts";
import { inactiveUpdate, presenceRecord, presenceUpdate } from "./presence.ts";
import { randomUrn } from "./random-urn.ts";
import { settleWithin } from "./settle-within.ts";
import { Subscriber } from "./subscriber.ts";
import type { EndKind, SubscriberStream } from "./subscriber-stream.ts";
import type { TopicLimits } from "./topic-limits.ts";
import { toUpdate } from "./update.ts";

/** The settings the core needs, defaults applied. */
export interface CoreSettings {
  broker: Broker;
  /** Close the broker on {@link HubCore.close} (true for the default broker the hub made itself). */
  ownsBroker: boolean;
  heartbeat: number;
  maxQueue: number;
  /** Most open subscriber streams; 0 for no limit. */
  maxConnections: number;
  /** Most open subscriber streams per client address; 0 for no limit. */
  maxConnectionsPerIp: number;
  subscriptions: boolean;
  topicLimits: TopicLimits;
  onSubscribe?: (subscriber: SubscriberInfo) => void;
  onUnsubscribe?: (subscriber: SubscriberInfo) => void;
  onPublish?: (update: Update) => void;
  /** Told how long each `broker.publish` took, in seconds (failed ones too). */
  onBrokerPublish?: (seconds: number) => void;
  logger?: Logger;
}

/** What a subscribe request resolved to, after parsing and authorization. */
export interface SubscribeRequest {
  selectors: TopicMatcher[];
  /** The base URL the URL-pattern selectors were compiled against (same pattern + base = same matcher). */
  baseURL: string;
  grants: TopicMatcher[] | null;
  draft: 7 | 8;
  /** `Last-Event-ID` (header or query), or `earliest`. */
  resume: string | undefined;
  subject?: string;
  payload?: unknown;
  /** Token expiry, ms since the epoch: the stream ends then. */
  expiresAt?: number;
  /** The client's address (limits and logs), when the runtime gave one. */
  address?: string;
  /** Called once when the subscriber's stream ends (after it was opened). */
  onEnd?: () => void;
}

/** An opened subscription: its output (the body to send) and the resume anchor for the response header. */
export interface OpenedSubscription {
  output: SubscriberStream;
  /**
   * Set when the request asked to resume: the resume position just before the replay (never an update id, so
   * it names nothing the subscriber may not read), or `earliest` after a gap or when `earliest` was asked.
   */
  lastEventId: string | undefined;
}

/** `Retry-After` of a publish the broker could not store, in seconds. */
export const BROKER_RETRY_AFTER = 1;
/** `Retry-After` of a subscriber refused for the connection limit, in seconds. */
export const CONNECTION_LIMIT_RETRY_AFTER = 5;
// Publish options of updates whose ids the hub made (constants: none is made per publish).
const NEW_ID: PublishOptions = { newId: true };
const NEW_PRESENCE: PublishOptions = { presence: true, newId: true };
const SHUTDOWN_RETRY_MIN = 500;
const SHUTDOWN_RETRY_SPREAD = 1500;
// setTimeout fires at once for delays above 2^31 - 1 ms; a farther expiry is re-armed on the way.
const MAX_TIMER = 2_147_483_647;

/** The hub without HTTP: subscriber lifecycle, prelude (replay, retained, markers), publish, hooks, shutdown. */
export class HubCore {
  readonly settings: CoreSettings;
  closing = false;
  /** Compiled selectors shared between subscribers. */
  readonly matchers = new MatcherCache();
  readonly #fanOut: FanOut;
  readonly #unlisten: () => void;
  // Publishes and clears under way, counted where each ends, so that close() lets them finish (a count, not
  // a set of promises: no entry and no extra `then` per publish).
  #inFlight = 0;
  #drained: (() => void) | undefined;
  readonly #hello: Uint8Array;
  readonly #perAddress: ConnectionsPerAddress;
  readonly #publishNow: ImmediatePublish | undefined;

  constructor(settings: CoreSettings) {
    this.settings = settings;
    this.#hello = new TextEncoder().encode(encodeComment(`ssehub heartbeat=${settings.heartbeat}`));
    this.#perAddress = new ConnectionsPerAddress(settings.maxConnectionsPerIp);
    this.#publishNow = immediatePublish(settings.broker);
    this.#fanOut = new FanOut(settings.heartbeat, settings.maxQueue, settings.logger);
    this.#unlisten = settings.broker.listen((entry) => this.#fanOut.receive(entry));
    settings.broker.cluster?.start({
      figures: () => this.#figures(),
      orphaned: (records) => this.#orphaned(records),
    });
  }

  /** The open subscribers. */
  get subscribers(): ReadonlySet<Subscriber> {
    return this.#fanOut.members;
  }

  /** Checks, orders, stores and fans out an update; resolves to its id (the held one for a repeated id). */
  publish(input: PublishInput): Promise<string> {
    try {
      return Promise.resolve(this.publishUpdate(this.checkUpdate(input), input.id === undefined));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Checks a publish input against the hub's rules and limits; the update it returns is ready for
   * {@link publishUpdate}.
   * @throws {HubError} 400 or 413 naming the field at fault.
   */
  checkUpdate(input: PublishInput): Update {
    return toUpdate(input, this.settings.topicLimits);
  }

  /**
   * {@link publish} for an update already checked by {@link checkUpdate}; `newId` when that made its id (the
   * input had none), so that the broker need not look for a held update with it. The id comes at once from the
   * memory broker ({@link immediatePublish}), as a promise from the others.
   * @throws {HubError} 503 while closing, or when the memory broker fails (another broker's promise rejects).
   */
  publishUpdate(update: Update, newId: boolean): string | Promise<string> {
    if (this.closing) throw closingError();
    const options = newId ? NEW_ID : undefined;
    const publishNow = this.#publishNow;
    if (publishNow === undefined) return this.#publish(update, options);
    const started = this.#brokerCalled();
    let result: PublishResult;
    try {
      result = publishNow(update, options);
    } catch (error) {
      throw brokerFailure("the update could not be stored", error);
    } finally {
      this.#brokerAnswered(started);
    }
    return this.#published(result);
  }

  async #publish(update: Update, options?: PublishOptions): Promise<string> {
    let result: PublishResult;
    const started = this.#brokerCalled();
    try {
      result = await this.settings.broker.publish(update, options);
    } catch (error) {
      // The broker's trouble (a remote store down), not the publisher's: a 503 it may retry, not a 500.
      throw brokerFailure("the update could not be stored", error);
    } finally {
      this.#brokerAnswered(started);
    }
    return this.#published(result);
  }

  /** Counts a broker publish under way (close() lets it finish); gives when it began. */
  #brokerCalled(): number {
    this.#inFlight++;
    return performance.now();
  }

  #brokerAnswered(started: number): void {
    this.settings.onBrokerPublish?.((performance.now() - started) / 1000);
    this.#ended();
  }

  /** Tells the `onPublish` hook of a new update; gives the id the publisher is answered with. */
  #published({ entry, duplicate }: PublishResult): string {
    if (!duplicate) this.#notify(this.settings.onPublish, entry.update, "onPublish");
    return entry.update.id;
  }

  /** Forgets a topic's retained update; true when there was one. */
  async clearRetained(topic: string): Promise<boolean> {
    if (this.closing) throw closingError();
    this.#inFlight++;
    try {
      return await this.settings.broker.clearRetained(topic);
    } finally {
      this.#ended();
    }
  }

  /** The resume position of the newest entry: resuming from it gets everything published afterwards. */
  async position(): Promise<string> {
    return (await this.settings.broker.retained()).position;
  }

  /** Registers a subscriber, sends its prelude (gap, replay or retained, ready) and returns its body. */
  async open(request: SubscribeRequest): Promise<OpenedSubscription> {
    if (this.closing) throw closingError();
    this.#checkConnectionLimit(request.address);
    const info: SubscriberInfo = {
      id: randomUrn(),
      topics: request.selectors.map((selector) => selector.pattern),
      draft: request.draft,
      anonymous: request.grants === null,
    };
    if (request.subject !== undefined) info.subject = request.subject;
    if (request.payload !== undefined) info.payload = request.payload;
    const subscriber = new Subscriber(
      info,
      request.selectors,
      request.baseURL,
      request.grants,
      this.#fanOut.meter,
      (s, kind) => {
        this.#remove(s, kind);
        request.onEnd?.();
      },
    );
    subscriber.address = request.address;
    // Live first (held in `pending`), then the prelude: nothing published meanwhile is missed.
    this.#add(subscriber);
    this.#fanOut.write(subscriber, this.#hello);
    let lastEventId: string | undefined;
    try {
      lastEventId = await this.#prelude(subscriber, request.resume);
    } catch (error) {
      subscriber.output.close(false);
      throw brokerFailure("the history could not be read", error);
    }
    this.#armExpiry(subscriber, request.expiresAt);
    return { output: subscriber.output, lastEventId };
  }

  /** Checked in the same synchronous step as the registration that follows, so concurrent opens cannot pass it together. */
  #checkConnectionLimit(address: string | undefined): void {
    const { maxConnections, maxConnectionsPerIp } = this.settings;
    if (maxConnections > 0 && this.#fanOut.members.size >= maxConnections) {
      throw connectionLimit(
        "too-many-connections",
        `the hub holds its limit of ${maxConnections} subscriber connections; retry later`,
      );
    }
    if (this.#perAddress.full(address)) {
      throw connectionLimit(
        "too-many-connections-per-ip",
        `this address holds its limit of ${maxConnectionsPerIp} subscriber connections; retry later`,
      );
    }
  }

  async #prelude(subscriber: Subscriber, resume: string | undefined): Promise<string | undefined> {
    const { broker } = this.settings;
    let replayed = 0;
    let retained = 0;
    let head = 0;
    let position = "";
    const sent = new Set<number>();
    let anchor: string | undefined;
    let fresh = resume === undefined;
    if (resume !== undefined) {
      const read = await broker.readSince(resume);
      ({ head, position } = read);
      if (read.found) {
        anchor = resume === "earliest" ? resume : positionBefore(read);
        for (const entry of read.entries) if (this.#deliverPrelude(subscriber, entry, sent)) replayed++;
      } else {
        anchor = "earliest";
        fresh = true;
        // The oldest held entry may be private or a subscription event: named only to who may read it.
        const oldest = read.earliest?.update;
        const earliest = oldest !== undefined && subscriber.mayRead(oldest) ? oldest.id : "";
        this.#fanOut.write(subscriber, event("ssehub-gap", { lastEventId: resume, earliest }));
      }
    }
    if (fresh) {
      const read = await broker.retained();
      ({ head, position } = read);
      for (const entry of read.entries) if (this.#deliverPrelude(subscriber, entry, sent)) retained++;
    }
    const pending = subscriber.pending ?? [];
    // A replay covers every entry up to `head`. A fresh start covers the retained entries up to `head`: the
    // prelude sent each topic's latest, so an older one it replaced would arrive after it as if newer.
    const live = pending.filter((entry) =>
      fresh ? !sent.has(entry.seq) && !(entry.update.retain && entry.seq <= head) : entry.seq > head,
    );
    // Live entries published while a fresh prelude was read may be older than `head`: the ready marker's
    // position must come before them, or a client cut right after the marker would skip them on resume.
    const firstLive = live[0];
    const ready =
      firstLive !== undefined && firstLive.seq <= head ? moved(position, firstLive.seq - 1) : position;
    this.#fanOut.write(
      subscriber,
      encodeEventBytes({ type: "ssehub-ready", data: JSON.stringify({ replayed, retained }), id: ready }),
    );
    subscriber.pending = null;
    // A broker that announces later than it stores may still bring entries the prelude read: skip those.
    subscriber.floor = head;
    for (const entry of live) this.#fanOut.deliver(subscriber, this.#fanOut.bytes(entry));
    return anchor;
  }

  #deliverPrelude(subscriber: Subscriber, entry: BrokerEntry, sent: Set<number>): boolean {
    if (!this.#fanOut.selects(subscriber, entry.update) || !subscriber.mayRead(entry.update)) return false;
    sent.add(entry.seq);
    this.#fanOut.deliverPrelude(subscriber, entry);
    return true;
  }

  #add(subscriber: Subscriber): void {
    this.#fanOut.add(subscriber);
    this.#perAddress.add(subscriber.address);
    this.#notify(this.settings.onSubscribe, subscriber.info, "onSubscribe");
    this.#announce(subscriber, true);
  }

  #remove(subscriber: Subscriber, kind: EndKind): void {
    if (!this.#fanOut.remove(subscriber)) return;
    this.#perAddress.release(subscriber.address);
    clearTimeout(subscriber.expiryTimer);
    this.settings.logger?.debug("subscriber left", {
      subscriber: subscriber.info.id,
      end: kind,
      client: subscriber.address,
    });
    this.#notify(this.settings.onUnsubscribe, subscriber.info, "onUnsubscribe");
    this.#announce(subscriber, false);
  }

  /**
   * Subscription events (Mercure "Active Subscriptions"), when enabled; not while shutting down (on a shared
   * broker, the survivors announce this node's subscribers inactive once its lease ends).
   */
  #announce(subscriber: Subscriber, active: boolean): void {
    if (!this.settings.subscriptions || this.closing) return;
    const cluster = this.settings.broker.cluster;
    for (const selector of subscriber.selectors) {
      const update = presenceUpdate(subscriber.info, selector, active);
      if (active) cluster?.join(presenceRecord(update));
      else cluster?.leave(update.topics[0]!);
      this.#publishPresence(update);
    }
  }

  /** The subscriptions of a node that died without a goodbye: reported inactive from here. */
  #orphaned(records: readonly PresenceRecord[]): void {
    if (!this.settings.subscriptions || this.closing) return;
    for (const record of records) this.#publishPresence(inactiveUpdate(record));
  }

  #publishPresence(update: Update): void {
    // Held apart from the updates: a crowd connecting and leaving must not push updates out of history.
    this.#publish(update, NEW_PRESENCE).catch((error: unknown) => {
      this.settings.logger?.error("subscription event not published", { error: String(error) });
    });
  }

  #armExpiry(subscriber: Subscriber, expiresAt: number | undefined): void {
    if (expiresAt === undefined || subscriber.output.state !== "open") return;
    const delay = expiresAt - Date.now();
    if (delay <= 0) {
      subscriber.output.close(true);
      return;
    }
    subscriber.expiryTimer = setTimeout(
      () => {
        if (delay > MAX_TIMER) this.#armExpiry(subscriber, expiresAt);
        else subscriber.output.close(true);
      },
      Math.min(delay, MAX_TIMER),
    );
  }

  #notify<T>(hook: ((value: T) => void) | undefined, value: T, name: string): void {
    if (hook === undefined) return;
    try {
      hook(value);
    } catch (error) {
      this.settings.logger?.error(`${name} hook threw`, { error: String(error) });
    }
  }

  #ended(): void {
    this.#inFlight--;
    if (this.#inFlight === 0) this.#drained?.();
  }

  /** This node's own figures (what it reports to the other nodes of a shared broker). */
  #figures(): Omit<NodeFigures, "node"> {
    const fanOut = this.#fanOut;
    return {
      connections: fanOut.members.size,
      subscriptions: fanOut.subscriptions,
      queuedBytes: fanOut.meter.queuedBytes,
      updatesPublished: fanOut.updatesPublished,
      deliveries: fanOut.deliveries,
      slowConsumerDisconnects: fanOut.slowConsumerDisconnects,
    };
  }

  /** The figures of {@link stats} that cost nothing to read: counters kept as subscribers come and go. */
  counters(): Omit<HubStats, "subscriptionsByTopic"> {
    const state = this.settings.broker.state();
    const counters: Omit<HubStats, "subscriptionsByTopic"> = {
      ...this.#figures(),
      connectionsByDraft: { ...this.#fanOut.connectionsByDraft },
      writtenBytes: this.#fanOut.meter.writtenBytes,
      historySize: state.historySize,
      historyBytes: state.historyBytes,
      retainedTopics: state.retainedTopics,
      cachedSelectors: this.matchers.size,
      selectorCompilations: this.matchers.compilations,
    };
    const cluster = this.settings.broker.cluster;
    if (cluster !== undefined) {
      const nodes = cluster.nodes();
      counters.cluster = {
        node: cluster.node,
        nodes,
        connections: nodes.reduce((sum, node) => sum + node.connections, 0),
        subscriptions: nodes.reduce((sum, node) => sum + node.subscriptions, 0),
      };
    }
    return counters;
  }

  stats(): HubStats {
    return {
      ...this.counters(),
      subscriptionsByTopic: Object.fromEntries(this.#fanOut.subscriptionsBySelector),
    };
  }

  /** Refuses new work, lets acknowledged publishes finish (up to `timeoutMs`), then ends every stream. */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.#inFlight > 0) {
      const drained = new Promise<void>((resolve) => {
        this.#drained = resolve;
      });
      await settleWithin(drained, timeoutMs);
    }
    for (const subscriber of [...this.subscribers]) {
      // Random reconnect delays spread the returning clients over 1.5 s instead of one burst.
      const retry = SHUTDOWN_RETRY_MIN + Math.floor(Math.random() * (SHUTDOWN_RETRY_SPREAD + 1));
      subscriber.output.close(true, encodeEventBytes({ retry }));
    }
    this.#fanOut.stop();
    this.#unlisten();
    if (this.settings.ownsBroker) await this.settings.broker.close();
  }
}

/** The refusal of new work once `close()` has begun. */
function closingError(): HubError {
  return new HubError(503, "closing", "the hub is shutting down");
}

function connectionLimit(
  code: "too-many-connections" | "too-many-connections-per-ip",
  message: string,
): HubError {
  const error = new HubError(503, code, message);
  error.retryAfter = CONNECTION_LIMIT_RETRY_AFTER;
  return error;
}

/** The position just before the first entry a found read returned (its own position when it returned none). */
function positionBefore(read: HistoryRead): string {
  const first = read.entries[0];
  return first === undefined ? read.position : moved(read.position, first.seq - 1);
}

/** `position` moved to `seq` in the same epoch. */
function moved(position: string, seq: number): string {
  const parsed = parsePosition(position);
  return parsed === undefined ? position : formatPosition(parsed.epoch, seq);
}

/** 503 with `Retry-After` and the broker's reason: never a 200 for an update the broker did not store. */
function brokerFailure(what: string, error: unknown): HubError {
  const reason = error instanceof Error ? error.message : String(error);
  const refusal = new HubError(503, "broker-failed", `${what}: ${reason}`, undefined, { cause: error });
  refusal.retryAfter = BROKER_RETRY_AFTER;
  return refusal;
}

function event(type: string, data: unknown): Uint8Array {
  return encodeEventBytes({ type, data: JSON.stringify(data) });
}
