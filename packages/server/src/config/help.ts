import { envNames, type FlagSpec, type FlagValue } from "./flag-spec.ts";
import { formatDuration, formatRate, formatSize } from "./units.ts";

const METAVAR: Record<FlagSpec["kind"], string> = {
  string: "VALUE",
  integer: "N",
  boolean: "",
  duration: "DURATION",
  size: "SIZE",
  rate: "N/s",
  list: "VALUE",
  choice: "",
};

const UNIT: Partial<Record<FlagSpec["kind"], string>> = {
  duration: "ms, or 500ms, 15s, 10m, 1h",
  size: "bytes, or 64KiB, 2MiB",
  rate: "per second, or N/s, N/m, N/h",
};

/** Help text of a command: usage, then each flag with its environment variables, default and unit. */
export function formatHelp(usage: string, summary: string, specs: readonly FlagSpec[]): string {
  const lines = [`Usage: ${usage}`, "", summary, "", "Options:"];
  for (const spec of specs) {
    const metavar = spec.kind === "choice" ? spec.choices?.join("|") : (spec.metavar ?? METAVAR[spec.kind]);
    lines.push(`  --${spec.name}${metavar ? ` ${metavar}` : ""}`);
    lines.push(`      ${spec.description}`);
    const facts: string[] = [];
    const env = envNames(spec);
    if (env.length > 0) facts.push(`env ${env.join(", ")}`);
    if (spec.default !== undefined) facts.push(`default ${formatDefault(spec, spec.default)}`);
    const unit = UNIT[spec.kind];
    if (unit !== undefined) facts.push(`unit ${unit}`);
    if (spec.kind === "list") facts.push("repeatable");
    if (facts.length > 0) lines.push(`      (${facts.join("; ")})`);
  }
  lines.push("  -h, --help", "      show this help");
  return `${lines.join("\n")}\n`;
}

/** A default as a user would type it: `15s`, `4MiB`, `127.0.0.1`. */
export function formatDefault(spec: FlagSpec, value: FlagValue): string {
  if (spec.kind === "duration" && typeof value === "number") return formatDuration(value);
  if (spec.kind === "size" && typeof value === "number") return formatSize(value);
  if (spec.kind === "rate" && typeof value === "number") return formatRate(value);
  return Array.isArray(value) ? value.join(",") : String(value);
}
