const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/;
const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|kB|KB|MB|GB)?$/;

const RATE = /^(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m|h))?$/;

const MS_PER: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const BYTES_PER: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  kB: 1000,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
};

/** Parses `500ms`, `15s`, `10m`, `1h` (a bare number is milliseconds) to whole milliseconds; undefined if invalid. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null) return undefined;
  return Math.round(Number(match[1]) * MS_PER[match[2] ?? "ms"]!);
}

/** Parses `64KiB`, `2MiB`, `1GiB` (or `kB`/`MB`/`GB`, powers of 1000; a bare number is bytes) to whole bytes. */
export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (match === null) return undefined;
  return Math.round(Number(match[1]) * BYTES_PER[match[2] ?? "B"]!);
}

/** Parses `10/s`, `30/m`, `100/h` (a bare number is per second) to events per second; undefined if invalid. */
export function parseRate(text: string): number | undefined {
  const match = RATE.exec(text.trim());
  if (match === null) return undefined;
  const rate = (Number(match[1]) * 1000) / MS_PER[match[2] ?? "s"]!;
  return Number.isFinite(rate) ? rate : undefined;
}

/** Writes a rate per second as it was likely typed: 10 → `10/s`, 0.5 → `30/m`; 0 → `0` (off). */
export function formatRate(perSecond: number): string {
  if (perSecond === 0) return "0";
  for (const unit of ["s", "m", "h"]) {
    const count = (perSecond * MS_PER[unit]!) / 1000;
    if (Number.isInteger(count)) return `${count}/${unit}`;
  }
  return `${perSecond}/s`;
}

/** Writes milliseconds in the largest unit that keeps them whole: 15000 → `15s`. */
export function formatDuration(ms: number): string {
  for (const unit of ["h", "m", "s"]) {
    const per = MS_PER[unit]!;
    if (ms >= per && ms % per === 0) return `${ms / per}${unit}`;
  }
  return `${ms}ms`;
}

/** Writes bytes in the largest binary unit that keeps them whole: 4194304 → `4MiB`. */
export function formatSize(bytes: number): string {
  for (const unit of ["GiB", "MiB", "KiB"]) {
    const per = BYTES_PER[unit]!;
    if (bytes >= per && bytes % per === 0) return `${bytes / per}${unit}`;
  }
  return `${bytes}B`;
}
