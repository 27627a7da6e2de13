/** What the start-up banner shows. */
export interface BannerInfo {
  version: string;
  /** The runtime serving, e.g. `bun 1.4.5`. */
  runtime: string;
  url: string;
  /** Where /healthz, /readyz and /metrics are, when not on `url` (--admin-port). */
  adminUrl?: string;
  /** The development token, when the CLI generated the key itself. */
  devToken?: string;
  anonymous: boolean;
}

/** The start-up banner, for standard output: where the hub is, and the development token if any. */
export function formatBanner(info: BannerInfo): string {
  const base = info.url.replace(/\/$/, "");
  const ops = (info.adminUrl ?? info.url).replace(/\/$/, "");
  const lines = [
    `ssehub ${info.version} listening on ${base} (${info.runtime})`,
    `  hub      ${base}/.well-known/mercure`,
    `  health   ${ops}/healthz  ${ops}/readyz`,
    `  metrics  ${ops}/metrics`,
    `  anonymous subscribers ${info.anonymous ? "allowed" : "refused (--allow-anonymous to allow)"}`,
  ];
  if (info.devToken !== undefined) {
    lines.push(
      "",
      "No key configured: this run uses a random HS256 key, so tokens die with the process.",
      "Development token (publish and subscribe on *), shown only here:",
      `  ${info.devToken}`,
      "Set --jwt-key (or SSEHUB_JWT_KEY) for a stable key.",
    );
  }
  return `${lines.join("\n")}\n`;
}
