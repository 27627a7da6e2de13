import {
  DEFAULT_HISTORY_MAX_AGE,
  DEFAULT_HISTORY_MAX_BYTES,
  DEFAULT_HISTORY_SIZE,
  DEFAULT_MAX_RETAINED,
} from "../core/broker-bounds.ts";
import { DEFAULT_MAX_TOPIC_LENGTH, DEFAULT_MAX_TOPICS_PER_UPDATE } from "../core/topic-limits.ts";
import {
  DEFAULT_MAX_CONNECTIONS_PER_IP,
  DEFAULT_PUBLISH_RATE,
  DEFAULT_TRUST_PROXY,
} from "../limits/defaults.ts";
import type { FlagSpec } from "./flag-spec.ts";
import { OPS_FLAGS } from "./ops-flags.ts";

/** Where the hub listens; the dashboard app reuses these two. */
export const LISTEN_FLAGS: readonly FlagSpec[] = [
  {
    name: "host",
    kind: "string",
    default: "127.0.0.1",
    metavar: "HOST",
    description: "interface to listen on (0.0.0.0 for all)",
  },
  {
    name: "port",
    kind: "integer",
    min: 0,
    max: 65535,
    default: 8080,
    aliases: ["PORT"],
    description: "TCP port (0 picks a free one)",
  },
];

/** Token verification settings, shared by `ssehub serve` and `ssehub token`. */
export const KEY_FLAGS: readonly FlagSpec[] = [
  {
    name: "jwt-key",
    kind: "string",
    file: true,
    metavar: "KEY",
    aliases: ["MERCURE_JWT_KEY"],
    description: "key for publishers and subscribers: HMAC secret or PEM text, @path reads a file",
  },
  {
    name: "publisher-jwt-key",
    kind: "string",
    file: true,
    metavar: "KEY",
    aliases: ["MERCURE_PUBLISHER_JWT_KEY"],
    description: "publisher key (overrides --jwt-key)",
  },
  {
    name: "subscriber-jwt-key",
    kind: "string",
    file: true,
    metavar: "KEY",
    aliases: ["MERCURE_SUBSCRIBER_JWT_KEY"],
    description: "subscriber key (overrides --jwt-key)",
  },
  {
    name: "jwt-algorithm",
    kind: "string",
    metavar: "ALG",
    aliases: ["MERCURE_JWT_ALG"],
    description: "algorithm of both keys: HS256 for a secret, inferred (RS256/ES256…) for a PEM key",
  },
  {
    name: "publisher-jwt-algorithm",
    kind: "string",
    metavar: "ALG",
    aliases: ["MERCURE_PUBLISHER_JWT_ALG"],
    description: "publisher algorithm (overrides --jwt-algorithm)",
  },
  {
    name: "subscriber-jwt-algorithm",
    kind: "string",
    metavar: "ALG",
    aliases: ["MERCURE_SUBSCRIBER_JWT_ALG"],
    description: "subscriber algorithm (overrides --jwt-algorithm)",
  },
  {
    name: "jwks-url",
    kind: "string",
    metavar: "URL",
    description: "JSON Web Key Set for roles without a key; keys picked by kid, refetched on rotation",
  },
  {
    name: "jwt-issuer",
    kind: "string",
    metavar: "ISS",
    description: "required iss (draft-08 tokens must carry it; draft-07 ones are checked when they do)",
  },
  {
    name: "jwt-audience",
    kind: "string",
    metavar: "AUD",
    description: "required aud (draft-08 tokens must carry it; draft-07 ones are checked when they do)",
  },
];

/** Hub behaviour and process settings of `ssehub serve`. */
export const HUB_FLAGS: readonly FlagSpec[] = [
  {
    name: "allow-anonymous",
    kind: "boolean",
    default: false,
    description: "accept subscribers without a token",
  },
  {
    name: "cors-origin",
    kind: "list",
    metavar: "ORIGIN",
    aliases: ["MERCURE_CORS_ALLOWED_ORIGINS"],
    description: "allowed CORS origin, also allowed to publish with a cookie (* = any, without credentials)",
  },
  {
    name: "history-size",
    kind: "integer",
    default: DEFAULT_HISTORY_SIZE,
    metavar: "N",
    description: "updates kept for resume",
  },
  {
    name: "history-max-age",
    kind: "duration",
    default: DEFAULT_HISTORY_MAX_AGE,
    description: "age at which an update leaves history",
  },
  {
    name: "history-max-bytes",
    kind: "size",
    default: DEFAULT_HISTORY_MAX_BYTES,
    description: "bytes of updates kept for resume (id, data, type, topics); the oldest leave first",
  },
  {
    name: "max-retained",
    kind: "integer",
    default: DEFAULT_MAX_RETAINED,
    metavar: "N",
    description: "topics with a retained update; past it the one retained longest ago is forgotten",
  },
  {
    name: "heartbeat",
    kind: "duration",
    default: 15_000,
    description: "idle time before a heartbeat comment (0 = off)",
  },
  {
    name: "subscriptions",
    kind: "boolean",
    default: false,
    description: "subscription events and the subscriptions API",
  },
  { name: "static", kind: "string", metavar: "DIR", description: "serve DIR/index.html at /" },
  {
    name: "max-queue",
    kind: "size",
    default: 4 * 1024 ** 2,
    description: "bytes a subscriber may have waiting",
  },
  {
    name: "max-connections",
    kind: "integer",
    default: 0,
    metavar: "N",
    description: "most subscriber streams open at once; more get 503 with Retry-After (0 = no limit)",
  },
  {
    name: "max-connections-per-ip",
    kind: "integer",
    default: DEFAULT_MAX_CONNECTIONS_PER_IP,
    metavar: "N",
    description: "most subscriber streams per client address; more get 503 (0 = no limit; see --trust-proxy)",
  },
  {
    name: "publish-rate",
    kind: "rate",
    default: DEFAULT_PUBLISH_RATE,
    description:
      "publishes allowed per publisher (token iss+sub, else token, else address); more get 429 (0 = off)",
  },
  {
    name: "trust-proxy",
    kind: "integer",
    default: DEFAULT_TRUST_PROXY,
    metavar: "N",
    description: "proxy hops whose X-Forwarded-For/Forwarded give the client address (0 = use the socket's)",
  },
  {
    name: "public-url",
    kind: "string",
    metavar: "URL",
    description:
      "the hub's public origin, for the CSRF check and relative topics (default: the request's Host)",
  },
  {
    name: "max-body-size",
    kind: "size",
    default: 4 * 1024 ** 2,
    description: "largest publish request body",
  },
  {
    name: "max-topics-per-update",
    kind: "integer",
    min: 1,
    default: DEFAULT_MAX_TOPICS_PER_UPDATE,
    metavar: "N",
    description: "most topics one update may carry; more get 400 too-many-topics",
  },
  {
    name: "max-topic-length",
    kind: "size",
    default: DEFAULT_MAX_TOPIC_LENGTH,
    description: "longest topic, in UTF-8 bytes; a longer one gets 413 topic-too-long",
  },
  {
    name: "shutdown-timeout",
    kind: "duration",
    default: 10_000,
    description: "time allowed for a graceful shutdown on SIGINT/SIGTERM",
  },
  {
    name: "log-level",
    kind: "choice",
    choices: ["debug", "info", "warn", "error", "silent"],
    default: "info",
    description: "least severe level logged to standard error",
  },
  {
    name: "log-format",
    kind: "choice",
    choices: ["text", "json"],
    default: "text",
    description: "log line format",
  },
];

/** Where the hub keeps its order and history; at most one of these may be given (none: in memory). */
export const BROKER_FLAGS: readonly FlagSpec[] = [
  {
    name: "store",
    kind: "string",
    metavar: "FILE",
    description:
      "SQLite file keeping history, retained updates and idempotency across restarts (one hub per file; " +
      "Node 22.13+, Deno 2.2+ or Bun)",
  },
  {
    name: "redis",
    kind: "string",
    metavar: "URL",
    description:
      "share order, history, retained state and presence with every hub on this Redis (redis://HOST:PORT)",
  },
];

/** Settings of the brokers above (with defaults, so not broker choices themselves). */
export const BROKER_SETTING_FLAGS: readonly FlagSpec[] = [
  {
    name: "redis-prefix",
    kind: "string",
    default: "ssehub",
    metavar: "NAME",
    description: "names this hub's keys on Redis, so several hubs share one",
  },
];

/** Every flag of `ssehub serve`. */
export const SERVE_FLAGS: readonly FlagSpec[] = [
  ...LISTEN_FLAGS,
  ...OPS_FLAGS,
  ...KEY_FLAGS,
  ...HUB_FLAGS,
  ...BROKER_FLAGS,
  ...BROKER_SETTING_FLAGS,
];

/** What `ssehub token` grants; per invocation, so without environment twins. */
export const TOKEN_FLAGS: readonly FlagSpec[] = [
  ...KEY_FLAGS,
  {
    name: "publish",
    kind: "list",
    split: false,
    env: false,
    metavar: "SELECTOR",
    description: "topic selector the token may publish to (repeatable; * = all)",
  },
  {
    name: "subscribe",
    kind: "list",
    split: false,
    env: false,
    metavar: "SELECTOR",
    description: "topic selector the token may subscribe to (repeatable; * = all)",
  },
  {
    name: "exp",
    kind: "duration",
    env: false,
    description: "lifetime (none by default for draft 7, 1h for draft 8)",
  },
  {
    name: "draft",
    kind: "choice",
    choices: ["7", "8"],
    default: "7",
    env: false,
    description: "claim generation",
  },
  { name: "subject", kind: "string", env: false, metavar: "SUB", description: "sub claim" },
  {
    name: "payload",
    kind: "string",
    env: false,
    metavar: "JSON",
    description: "draft-07 mercure.payload (JSON)",
  },
];
