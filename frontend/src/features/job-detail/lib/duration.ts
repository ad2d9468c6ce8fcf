/** Seconds between two instants (ISO strings), or from `start` to `now`; none before a start. */
export function secondsBetween(
  start: string | null | undefined,
  end: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!start) return undefined;
  const from = Date.parse(start);
  if (Number.isNaN(from)) return undefined;
  const to = end ? Date.parse(end) : now;
  if (Number.isNaN(to)) return undefined;
  return Math.max(0, Math.floor((to - from) / 1000));
}

/** A duration the way the console shows it: `45s`, `3m 5s`, `2h 0m 7s`, `1d 3h 4m`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '-';
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  if (days > 0) return `${days}d ${hours}h ${minutes}m`;
  if (hours > 0) return `${hours}h ${minutes}m ${secs}s`;
  if (minutes > 0) return `${minutes}m ${secs}s`;
  return `${secs}s`;
}

/** A timestamp in the user's locale, or `-`. */
export function formatTime(value: string | null | undefined, locale?: string): string {
  if (!value) return '-';
  const time = Date.parse(value);
  if (Number.isNaN(time)) return '-';
  return new Date(time).toLocaleString(locale, { hour12: false });
}
