import type { TopicMatcher } from "@ssehub/protocol";
import type { RequestHead } from "../http/request-head.ts";
import type { HubOptions } from "../types.ts";

/** Mercure protocol generation a token (or a request) belongs to. */
export type Draft = 7 | 8;

/** What a request wants to do with the hub. */
export type Action = "publish" | "subscribe";

/** What a verified token allows for one action. */
export interface Grant {
  /** 7 for the `mercure` claim, 8 for an RFC 9068 `at+jwt` with `authorization_details`. */
  draft: Draft;
  /** Selectors granted for the action that was asked; empty when the token grants none. */
  selectors: TopicMatcher[];
  /** Draft-07 `mercure.payload`, passed on to subscription events. */
  payload?: unknown;
  /** The token's `exp`, in milliseconds since the epoch; the hub ends a subscriber's stream then. */
  expiresAt?: number;
  /** The token's `sub`. */
  subject?: string;
  /** The token's `iss`. */
  issuer?: string;
}

/** Outcome of {@link Authenticator.authenticate}. */
export type AuthResult =
  /** `grant` is null when the request presented no token (anonymous). */
  | { ok: true; grant: Grant | null }
  /** `error` is an RFC 6750 code (`invalid_token`, `invalid_request`); `message` never quotes the token. */
  | { ok: false; status: 401; draft: Draft; error: AuthErrorCode; message: string };

/** RFC 6750 error codes the authenticator reports. */
export type AuthErrorCode = "invalid_token" | "invalid_request";

/** Finds and verifies the token of a request. */
export interface Authenticator {
  /**
   * A grant for `action`, or a 401 result: at once when it can be decided without waiting (a token already
   * verified, an HMAC token, none at all), else a promise. That rejects when the hub's own key configuration is
   * broken, and with a 503 `HubError` (`key-set-unavailable`, with `retryAfter`) while the JWKS cannot be fetched.
   */
  authenticate(request: RequestHead, action: Action): AuthResult | Promise<AuthResult>;
  /** True when a key or a key set is configured to verify tokens for `action`. */
  canVerify(action: Action): Promise<boolean>;
}

/**
 * The settings the authenticator reads: the hub's key options (documented there), its CORS allowlist (origins
 * that may publish with a cookie), plus settings for tests.
 */
export type AuthOptions = Pick<
  HubOptions,
  | "jwtKey"
  | "publisherJwtKey"
  | "subscriberJwtKey"
  | "jwtAlgorithm"
  | "publisherJwtAlgorithm"
  | "subscriberJwtAlgorithm"
  | "jwksUrl"
  | "jwtIssuer"
  | "jwtAudience"
  | "corsOrigins"
  | "publicUrl"
> & {
  /** Milliseconds after a JWKS fetch before an unknown `kid` may trigger another. Default 30000. */
  jwksCooldown?: number;
  /** Milliseconds since the epoch, for token times and the verified-token cache. Default `Date.now`. */
  now?: () => number;
};
