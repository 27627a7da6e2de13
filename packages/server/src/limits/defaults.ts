// Defaults of the abuse limits, shared by `createHub` and the `ssehub serve` flags.

/** Most subscriber streams per client address: 0, no limit (behind a proxy, every client shares one address). */
export const DEFAULT_MAX_CONNECTIONS_PER_IP = 0;
/** Publishes per second per publisher: 0, no limit. */
export const DEFAULT_PUBLISH_RATE = 0;
/** Proxy hops trusted for `X-Forwarded-For` / `Forwarded`: 0, the socket's peer is the client. */
export const DEFAULT_TRUST_PROXY = 0;
