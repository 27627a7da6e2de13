import { ConfigError } from "./errors.ts";
import type { FlagSpec, FlagValue } from "./flag-spec.ts";
import { parseDuration, parseRate, parseSize } from "./units.ts";

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off"];

/** Converts one raw text to the flag's type; `source` (`--port`, `SSEHUB_PORT`) names it in the error. */
export function parseValue(spec: FlagSpec, raw: string, source: string): FlagValue {
  const fail = (expected: string): never => {
    throw new ConfigError(`${source}: "${raw}" is not ${expected}`);
  };
  switch (spec.kind) {
    case "string":
      return raw;
    case "boolean": {
      const lower = raw.trim().toLowerCase();
      if (TRUE.includes(lower)) return true;
      if (FALSE.includes(lower)) return false;
      return fail("a boolean (true/false, 1/0, yes/no, on/off)");
    }
    case "integer": {
      const value = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
      const { min = 0, max = Number.MAX_SAFE_INTEGER } = spec;
      if (!(value >= min && value <= max)) fail(`an integer from ${min} to ${max}`);
      return value;
    }
    // A value past the safe integers is no bound at all (the hub refuses it): reported here, as the flag's fault.
    case "duration":
      return safe(parseDuration(raw)) ?? fail("a duration (a number of ms, or 500ms, 15s, 10m, 1h)");
    case "size":
      return safe(parseSize(raw)) ?? fail("a size (a number of bytes, or 64KiB, 2MiB)");
    case "rate":
      return parseRate(raw) ?? fail("a rate (N/s, N/m or N/h; a bare number is per second)");
    case "choice":
      if (!spec.choices?.includes(raw)) fail(`one of ${spec.choices?.join(", ")}`);
      return raw;
    case "list":
      return spec.split === false ? [raw] : splitList(raw);
  }
}

function safe(value: number | undefined): number | undefined {
  return value !== undefined && Number.isSafeInteger(value) ? value : undefined;
}

/** A list value: comma-separated (whitespace too, as Mercure's `cors_origins` is space-separated). */
export function splitList(raw: string): string[] {
  return raw.split(/[,\s]+/).filter((item) => item !== "");
}
