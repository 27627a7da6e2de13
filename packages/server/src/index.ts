export { signToken, type TokenRequest } from "./auth/sign.ts";
export type {
  Broker,
  BrokerBounds,
  BrokerEntry,
  BrokerState,
  HistoryRead,
  PublishOptions,
  PublishResult,
  RetainedRead,
} from "./core/broker.ts";
export {
  DEFAULT_HISTORY_MAX_AGE,
  DEFAULT_HISTORY_MAX_BYTES,
  DEFAULT_HISTORY_SIZE,
  DEFAULT_MAX_RETAINED,
  DEFAULT_PRESENCE_HISTORY_SIZE,
} from "./core/broker-bounds.ts";
export { HubError, type HubErrorCode, isHubError } from "./core/errors.ts";
export { createMemoryBroker, type MemoryBrokerOptions } from "./core/memory-broker.ts";
export { DEFAULT_MAX_TOPIC_LENGTH, DEFAULT_MAX_TOPICS_PER_UPDATE } from "./core/topic-limits.ts";
export { createHub, DEFAULT_HEARTBEAT, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_QUEUE } from "./create-hub.ts";
export { type MercureLinkOptions, mercureDiscovery, mercureLink } from "./http/discovery.ts";
export type { RunningServer, ServeOptions } from "./runtime/serve-options.ts";
export type {
  AuthorizeContext,
  Hub,
  HubOptions,
  HubStats,
  Logger,
  PublishInput,
  SubscriberInfo,
} from "./types.ts";
