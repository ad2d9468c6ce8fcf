/** What the log viewer asks for. */
export interface LogOptions {
  container?: string;
  follow: boolean;
  /** Lines from the end; none for the whole log. */
  tailLines?: number;
  /** Only lines newer than this many seconds; none for all. */
  sinceSeconds?: number;
  timestamps: boolean;
  previous: boolean;
}

/** The "since" choices: label key and seconds (none: all). */
export const SINCE_CHOICES = [
  { key: 'all', seconds: undefined },
  { key: '5m', seconds: 300 },
  { key: '15m', seconds: 900 },
  { key: '1h', seconds: 3600 },
  { key: '6h', seconds: 21_600 },
  { key: '1d', seconds: 86_400 },
] as const;

export type SinceKey = (typeof SINCE_CHOICES)[number]['key'];

export function sinceSeconds(key: SinceKey): number | undefined {
  return SINCE_CHOICES.find((c) => c.key === key)?.seconds;
}

/** The query string of a logs URL (`?follow=true&tailLines=1000…`); `download` asks for an attachment. */
export function logQuery(options: LogOptions, download = false): string {
  const params = new URLSearchParams();
  if (options.container) params.set('container', options.container);
  if (options.follow && !download) params.set('follow', 'true');
  if (options.tailLines !== undefined && options.tailLines > 0) params.set('tailLines', String(options.tailLines));
  if (options.sinceSeconds !== undefined) params.set('sinceSeconds', String(options.sinceSeconds));
  if (options.timestamps) params.set('timestamps', 'true');
  if (options.previous) params.set('previous', 'true');
  if (download) params.set('download', 'true');
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
