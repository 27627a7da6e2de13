import type { HubOptions } from "../types.ts";
import { isLoopbackHost } from "./loopback.ts";

/**
 * The start-up warning for a hub reachable from other machines with no connection limit (one client could
 * hold every file descriptor), or undefined when there is nothing to warn about.
 */
export function exposureWarning(host: string, hub: HubOptions): string | undefined {
  if (isLoopbackHost(host) || (hub.maxConnections ?? 0) > 0 || (hub.maxConnectionsPerIp ?? 0) > 0)
    return undefined;
  return (
    `listening on ${host}, reachable from other machines, with no connection limit: ` +
    "set --max-connections (and --max-connections-per-ip, with --trust-proxy behind a proxy)"
  );
}
