import { ConfigError } from "./errors.ts";
import { envNames, type FlagSpec, type FlagValue } from "./flag-spec.ts";
import { parseValue } from "./values.ts";

/** Where {@link parseArgs} found each value. */
export type ValueSource = "flag" | "env" | "default";

/** Result of {@link parseArgs}. */
export interface ParsedArgs {
  /** Typed values by flag name; absent when neither set nor defaulted. */
  values: Record<string, FlagValue | undefined>;
  /** Where each present value came from (for messages; a value from a file is still `flag`/`env`). */
  sources: Record<string, ValueSource>;
  /** Arguments that are not flags, in order (the command name first). */
  positionals: string[];
  /** True when `-h` or `--help` was given. */
  help: boolean;
}

/**
 * Parses `argv` (without the runtime and script) against `specs`: `--name value`, `--name=value`,
 * `--flag`/`--no-flag` for booleans, `--` ends the flags. A flag not given is read from its environment
 * twins (an empty variable counts as unset), then its default. Throws a {@link ConfigError} on an unknown
 * flag or a bad value.
 */
export function parseArgs(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  env: Readonly<Record<string, string | undefined>> = {},
): ParsedArgs {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const result: ParsedArgs = { values: {}, sources: {}, positionals: [], help: false };
  const fromFlags = new Map<string, FlagValue>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      result.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") {
      result.help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      result.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const negated = name.startsWith("no-") && byName.get(name.slice(3))?.kind === "boolean";
    const spec = byName.get(negated ? name.slice(3) : name);
    if (!arg.startsWith("--") || spec === undefined)
      throw new ConfigError(`unknown flag ${arg.split("=")[0]}`);
    let raw = inline;
    if (spec.kind === "boolean" && raw === undefined) raw = negated ? "false" : "true";
    if (raw === undefined) {
      raw = argv[++i];
      if (raw === undefined) throw new ConfigError(`--${spec.name} needs a value`);
    }
    const value = parseValue(spec, raw, `--${spec.name}`);
    const previous = fromFlags.get(spec.name);
    fromFlags.set(
      spec.name,
      Array.isArray(previous) && Array.isArray(value) ? [...previous, ...value] : value,
    );
  }
  for (const spec of specs) {
    const flagged = fromFlags.get(spec.name);
    if (flagged !== undefined) {
      set(result, spec.name, flagged, "flag");
      continue;
    }
    const variable = envNames(spec).find((name) => env[name] !== undefined && env[name] !== "");
    if (variable !== undefined) set(result, spec.name, parseValue(spec, env[variable]!, variable), "env");
    else if (spec.default !== undefined) set(result, spec.name, spec.default, "default");
  }
  return result;
}

function set(result: ParsedArgs, name: string, value: FlagValue, source: ValueSource): void {
  result.values[name] = value;
  result.sources[name] = source;
}
