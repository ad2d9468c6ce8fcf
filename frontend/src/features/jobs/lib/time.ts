export interface RelativeTime {
  value: number;
  unit: Intl.RelativeTimeFormatUnit;
}

const STEPS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/**
 * How long ago (negative) or ahead `time` is from `now`, in the largest whole unit:
 * 90 s ago → `{value: -1, unit: 'minute'}`; under a minute → seconds.
 */
export function relativeTime(time: Date, now: Date): RelativeTime {
  const seconds = Math.round((time.getTime() - now.getTime()) / 1000);
  const size = Math.abs(seconds);
  for (const [unit, step] of STEPS) {
    if (size >= step) return { value: Math.trunc(seconds / step), unit };
  }
  return { value: seconds, unit: 'second' };
}

/**
 * `3 minutes ago` / `3分钟前` in the given language. A time ahead of the browser's clock
 * (the cluster's clock runs a little ahead) reads as now.
 */
export function formatRelative(time: Date, now: Date, language: string): string {
  const { value, unit } = relativeTime(time < now ? time : now, now);
  return new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(value, unit);
}

/** Date and time in the given language, to the second. */
export function formatDateTime(time: Date, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' }).format(time);
}

/** Parses an API timestamp; `null` for none or garbage. */
export function parseTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time;
}
