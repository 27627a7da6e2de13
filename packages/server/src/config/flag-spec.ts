/**
 * How a flag's text becomes a value. `list` flags repeat and split on commas; durations are ms, sizes bytes,
 * rates events per second (`10/s`, `30/m`, `100/h`).
 */
export type FlagKind = "string" | "integer" | "boolean" | "duration" | "size" | "rate" | "list" | "choice";

/** A parsed flag value. */
export type FlagValue = string | number | boolean | string[];

/** One command-line flag and its environment twins. */
export interface FlagSpec {
  /** Long name without the dashes: `history-size`. */
  name: string;
  kind: FlagKind;
  /** One line for `--help`. */
  description: string;
  /** Typed default (milliseconds, bytes), or none. */
  default?: FlagValue;
  /** Allowed values of a `choice` flag. */
  choices?: readonly string[];
  /** Inclusive bounds of an `integer` flag. */
  min?: number;
  max?: number;
  /** Other environment variables read after the `SSEHUB_*` twin, e.g. Mercure's names. */
  aliases?: readonly string[];
  /** False for flags without an environment twin (per-invocation flags of `ssehub token`). Default true. */
  env?: boolean;
  /** Placeholder shown in `--help`: `--static DIR`. */
  metavar?: string;
  /** For `list` flags: also split each value on commas and spaces. Default true. */
  split?: boolean;
  /** The value may be `@path`: the file's content (trimmed) is used. */
  file?: boolean;
}

/** The `SSEHUB_*` twin of a flag: upper snake case of its name (`history-size` → `SSEHUB_HISTORY_SIZE`). */
export function envName(spec: Pick<FlagSpec, "name">): string {
  return `SSEHUB_${spec.name.toUpperCase().replaceAll("-", "_")}`;
}

/** Every environment variable a flag reads, in precedence order. */
export function envNames(spec: FlagSpec): string[] {
  return spec.env === false ? [] : [envName(spec), ...(spec.aliases ?? [])];
}
