import type { FlagSpec } from "./flag-spec.ts";

/** How `ssehub serve` is reached and watched: TLS, the admin listener and the access log. */
export const OPS_FLAGS: readonly FlagSpec[] = [
  {
    name: "tls-cert",
    kind: "string",
    metavar: "FILE",
    description: "PEM certificate chain: serve HTTPS (HTTP/2 on Node and Deno), with --tls-key",
  },
  { name: "tls-key", kind: "string", metavar: "FILE", description: "PEM private key of --tls-cert" },
  {
    name: "admin-port",
    kind: "integer",
    min: 0,
    max: 65535,
    metavar: "N",
    description: "serve /healthz, /readyz and /metrics on this port only, not on the public one",
  },
  {
    name: "admin-host",
    kind: "string",
    default: "127.0.0.1",
    metavar: "HOST",
    description: "interface of the admin listener",
  },
  {
    name: "access-log",
    kind: "boolean",
    default: false,
    description: "log one line per subscribe (when its stream ends) and publish request",
  },
];
