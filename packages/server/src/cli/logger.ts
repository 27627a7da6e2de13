import type { LogLevel } from "../config/index.ts";
import type { Logger } from "../types.ts";
import { redactFields, redactText } from "./redact.ts";

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Least severe level written. Default `info`. */
  level?: LogLevel;
  /** `text`: `time LEVEL message key=value`; `json`: one object a line. Default `text`. */
  format?: "text" | "json";
  /** Where lines go (standard error in the CLI); each call gets one line with its newline. */
  write(line: string): void;
  /** Clock, injectable for tests. Default `Date.now`. */
  now?: () => number;
}

/** A leveled logger that redacts anything token-like before writing. */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = SEVERITY[options.level ?? "info"];
  const now = options.now ?? Date.now;
  const format = options.format === "json" ? jsonLine : textLine;
  const at =
    (level: Exclude<LogLevel, "silent">) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (SEVERITY[level] < threshold) return;
      options.write(format(new Date(now()).toISOString(), level, redactText(message), redactFields(fields)));
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

function jsonLine(time: string, level: string, msg: string, fields: Record<string, unknown>): string {
  return `${JSON.stringify({ time, level, msg, ...fields })}\n`;
}

function textLine(time: string, level: string, msg: string, fields: Record<string, unknown>): string {
  const pairs = Object.entries(fields).map(([name, value]) => `${name}=${textValue(value)}`);
  return `${[time, level.toUpperCase().padEnd(5), msg, ...pairs].join(" ")}\n`;
}

function textValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return /[\s="]/.test(text ?? "") ? JSON.stringify(text) : String(text);
}
