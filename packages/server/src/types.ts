import type { Update } from "@ssehub/protocol";
import type { Hono } from "hono";
import type { Broker } from "./core/broker.ts";
import type { NodeFigures } from "./core/cluster.ts";

/** What a publisher hands to {@link Hub.publish} (and what the HTTP publish endpoint builds). */
export interface PublishInput {
  /** One topic or several: the first is canonical, the rest are alternates. */
  topics: string | string[];
  /** Event data; default `""`. */
  data?: string;
  /** Update id; default `urn:uuid:<random>`. Must not start with `#` nor contain CR, LF or NUL. */
  id?: string;
  /** SSE event type; `mercure` and `ssehub-*` are reserved. */
  type?: string;
  /** SSE reconnection time for the subscribers, in milliseconds. */
  retry?: number;
  /** Deliver only to subscribers whose token grants one of the topics. Default false. */
  private?: boolean;
  /** Keep as the canonical topic's current state, sent to each new subscriber. Default false. */
  retain?: boolean;
}

/** Live figures of a hub, as returned by {@link Hub.stats}. */
export interface HubStats {
  /** Open subscriber streams. */
  connections: number;
  /** Selectors over all open streams (a stream with three `topic=` has three). */
  subscriptions: number;
  /** Open subscriptions per selector, keyed by the selector text as subscribed. */
  subscriptionsByTopic: Record<string, number>;
  /** Bytes waiting in subscriber queues, summed over subscribers. */
  queuedBytes: number;
  /** Bytes written to subscriber connections since the hub started. */
  writtenBytes: number;
  /** Open subscriber streams by the protocol draft they speak. */
  connectionsByDraft: { 7: number; 8: number };
  /** Updates dispatched since the hub started (idempotent repeats not counted). */
  updatesPublished: number;
  /** Updates written to subscriber queues since the hub started (live, replayed and retained). */
  deliveries: number;
  /** Subscribers closed because their queue passed `maxQueue`. */
  slowConsumerDisconnects: number;
  /** Updates held in the history (subscription events not counted). */
  historySize: number;
  /** Bytes of the updates held in the history (id, data, type and topics, UTF-8). */
  historyBytes: number;
  /** Topics with a retained update. */
  retainedTopics: number;
  /** Compiled pattern selectors (templates, URL patterns) held for sharing between subscribers with the same selector. */
  cachedSelectors: number;
  /** Pattern selectors compiled since the hub started (a subscriber whose selector was held shared it instead). */
  selectorCompilations: number;
  /**
   * On a broker shared by several hub nodes (Redis): every live node's own figures and their totals, as of
   * the last lease renewal (a few seconds old at most). The figures above are this node's.
   */
  cluster?: {
    /** This node's id. */
    node: string;
    nodes: readonly NodeFigures[];
    connections: number;
    subscriptions: number;
  };
}

/** A subscriber as the hooks see it. */
export interface SubscriberInfo {
  /** Unique per stream: `urn:uuid:<random>`. */
  id: string;
  /** Selectors as subscribed. */
  topics: string[];
  /** Protocol generation of the request's parameters. */
  draft: 7 | 8;
  /** False when the subscriber presented a valid token. */
  anonymous: boolean;
  /** The token's `sub`, when present. */
  subject?: string;
  /** The token's subscription payload (draft-07 `mercure.payload`), when present. */
  payload?: unknown;
}

/** Where the hub writes its own log lines; the CLI passes a leveled logger. Never given a token. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Context given to {@link HubOptions.authorize}. */
export interface AuthorizeContext {
  request: Request;
  action: "publish" | "subscribe";
  /** Publish: the update's topics. Subscribe: the selectors asked for. */
  topics: string[];
}

/** Options of {@link createHub}. Durations are milliseconds, sizes bytes. */
export interface HubOptions {
  /** Accept subscribers without a token (they get public updates only). Default false. */
  allowAnonymous?: boolean;
  /** Key for publisher and subscriber tokens: an HMAC secret or PEM text. */
  jwtKey?: string;
  /** Publisher key; overrides `jwtKey`. */
  publisherJwtKey?: string;
  /** Subscriber key; overrides `jwtKey`. */
  subscriberJwtKey?: string;
  /**
   * Algorithm of both keys. Default: HS256 for an HMAC secret; for a PEM key, inferred from the key when
   * omitted (RS256 for RSA, ES256/ES384/ES512 by EC curve, EdDSA for Ed25519). A PEM key never takes an HS one.
   */
  jwtAlgorithm?: string;
  /** Publisher algorithm; overrides `jwtAlgorithm`. */
  publisherJwtAlgorithm?: string;
  /** Subscriber algorithm; overrides `jwtAlgorithm`. */
  subscriberJwtAlgorithm?: string;
  /** JSON Web Key Set URL (keys picked by `kid`). */
  jwksUrl?: string;
  /**
   * Required token `iss`. Checked on every draft-08 token (which must carry `iss` anyway) and on draft-07
   * tokens that carry an `iss`; a draft-07 token without one is not refused for it. Default: not checked.
   */
  jwtIssuer?: string;
  /**
   * Required token `aud`. Checked on every draft-08 token (which must carry `aud` anyway) and on draft-07
   * tokens that carry an `aud`; a draft-07 token without one is not refused for it. Default: not checked.
   */
  jwtAudience?: string;
  /**
   * Origins allowed by CORS (with credentials). `["*"]` allows any origin, without credentials. Also the
   * origins (besides the hub's own) allowed to publish with a cookie-carried token. Default none.
   */
  corsOrigins?: string[];
  /** Updates kept for resume, at most. Default 1000. */
  historySize?: number;
  /** Age after which an update leaves the history, in ms. Default 3_600_000 (1 h). */
  historyMaxAge?: number;
  /** Bytes of updates (id, data, type and topics, UTF-8) held for resume, at most; the oldest go first. Default 64 MiB. */
  historyMaxBytes?: number;
  /** Topics with a retained update, at most; past it the topic retained longest ago is forgotten. Default 10_000. */
  maxRetained?: number;
  /** Idle time before a heartbeat comment, in ms. Default 15000; 0 turns heartbeats off. */
  heartbeat?: number;
  /** Publish subscription events and serve the subscriptions API. Default false. */
  subscriptions?: boolean;
  /** Bytes a subscriber may have waiting before it is disconnected. Default 4 MiB. */
  maxQueue?: number;
  /** Largest publish request body, in bytes. Default 4 MiB. */
  maxBodySize?: number;
  /** Most topics one update may carry; more are refused with 400 `too-many-topics`. Default 32. */
  maxTopicsPerUpdate?: number;
  /** Longest topic, in UTF-8 bytes; a longer one is refused with 413 `topic-too-long`. Default 2048 (2 KiB). */
  maxTopicLength?: number;
  /**
   * Most subscriber streams open at once; one more is refused with 503, `Retry-After` and the reason
   * `too-many-connections`. Default 0: no limit.
   */
  maxConnections?: number;
  /**
   * Most subscriber streams open at once from one client address; one more is refused with 503,
   * `Retry-After` and the reason `too-many-connections-per-ip`. Default 0: no limit. Behind a proxy, set
   * `trustProxy` too, or every client counts as the proxy's address.
   */
  maxConnectionsPerIp?: number;
  /**
   * Publishes per second allowed to each publisher (the token's `iss` + `sub`, else the token, else the client
   * address), with bursts of one second's worth (at least one); may be fractional (`0.5`: one per 2 s). One
   * more is refused with 429, `Retry-After` and the reason `rate-limited`. `hub.publish()` and the hub's own
   * events are never limited. Default 0: no limit.
   */
  publishRate?: number;
  /**
   * Proxy hops in front of the hub whose `X-Forwarded-For` (else `Forwarded`) entries are trusted: the client
   * address (limits, logs) is the entry this many from the right. Default 0: forwarding headers are ignored
   * and the socket's peer is the client.
   */
  trustProxy?: number;
  /**
   * The hub's public origin (`https://hub.example.com`): the hub's own origin for the cookie-publish CSRF
   * check and the base of relative selectors and topics, instead of the origin taken from the request's
   * `Host` header. Default: the request's.
   */
  publicUrl?: string;
  /** HTML served at `/` instead of the short text page. */
  indexHtml?: string;
  /** Orders, stores and announces updates. Default: an in-memory broker with the history and retained options above. */
  broker?: Broker;
  /** Decides a request before the JWT rules: true allows, false denies (403), undefined defers to JWT. */
  authorize?(context: AuthorizeContext): boolean | undefined | Promise<boolean | undefined>;
  /** Called when a subscriber's stream opens. */
  onSubscribe?(subscriber: SubscriberInfo): void;
  /** Called when a subscriber's stream ends, whatever the reason. */
  onUnsubscribe?(subscriber: SubscriberInfo): void;
  /** Called after an update was dispatched (not for idempotent repeats). */
  onPublish?(update: Update): void;
  /**
   * Serve `/healthz`, `/readyz` and `/metrics` only through {@link Hub.opsFetch} (an admin port), not
   * through {@link Hub.fetch} and {@link Hub.app}. Default false.
   */
  separateOps?: boolean;
  /** Log sink. Default: none. */
  logger?: Logger;
  /**
   * Log one `access` line (info) per subscribe and publish request: kind, status, durationMs, topics, bytes
   * and client; a subscriber stream's line when it ends. Never a token. Default false.
   */
  accessLog?: boolean;
}

/** A hub: the Hono app, its fetch handler, and the in-process API. */
export interface Hub {
  /**
   * Answers a request; the same as `app.fetch`. `env` is what the runtime passes with the request (Hono's
   * `env`), where the hub finds the client's address: `{ remoteAddress }`, @hono/node-server's bindings, Bun's
   * server or Deno's handler info (so `Bun.serve({ fetch: hub.fetch })` and `Deno.serve(hub.fetch)` pass it).
   */
  fetch(request: Request, env?: unknown): Promise<Response>;
  /** The hub's routes, mountable in a parent app: `parent.route("/hub", hub.app)`. */
  app: Hono;
  /** Answers `/healthz`, `/readyz` and `/metrics` only (404 otherwise): for a separate admin listener. */
  opsFetch(request: Request): Promise<Response>;
  /** Publishes an update; resolves to its id once dispatched. Rejects with a {@link HubError} on bad input. */
  publish(input: PublishInput): Promise<string>;
  /**
   * The resume position of the newest entry (`#<epoch>.<seq>`): a subscriber resuming from it gets everything
   * published afterwards. Give it to clients in a discovery `Link` (`mercureLink(hub, { lastEventId })`).
   */
  position(): Promise<string>;
  /** Forgets a topic's retained update (new subscribers no longer get it); true when there was one. */
  clearRetained(topic: string): Promise<boolean>;
  /** Live figures. */
  stats(): HubStats;
  /** Sends each subscriber `retry:` (random 500–2000 ms) and ends its stream; stops accepting subscribers. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}
