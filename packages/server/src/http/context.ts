import type { Authenticator } from "../auth/index.ts";
import type { HubCore } from "../core/hub-core.ts";
import type { HubOptions } from "../types.ts";

/** What the routes share: the core, the authenticator and the options they read. */
export interface RouteContext {
  core: HubCore;
  authenticator: Authenticator;
  options: HubOptions;
  allowAnonymous: boolean;
  maxBodySize: number;
}
