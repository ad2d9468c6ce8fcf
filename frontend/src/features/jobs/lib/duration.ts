export type DurationUnit = 'd' | 'h' | 'm' | 's';

export interface DurationPart {
  value: number;
  unit: DurationUnit;
}

const UNITS: readonly [DurationUnit, number][] = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/**
 * The largest `maxParts` non-zero units of a duration, as people read it:
 * 80 s → `1m 20s`, 3 723 s → `1h 2m`, 0 s → `0s`.
 */
export function durationParts(totalSeconds: number, maxParts = 2): DurationPart[] {
  let rest = Math.max(0, Math.floor(totalSeconds));
  const parts: DurationPart[] = [];
  for (const [unit, size] of UNITS) {
    const value = Math.floor(rest / size);
    rest -= value * size;
    if (value > 0 || (parts.length > 0 && parts.length < maxParts)) {
      parts.push({ value, unit });
    }
    if (parts.length === maxParts) break;
  }
  // Drop trailing zeros (`1h 0m` reads better as `1h`).
  while (parts.length > 1 && parts[parts.length - 1]?.value === 0) parts.pop();
  return parts.length > 0 ? parts : [{ value: 0, unit: 's' }];
}

/**
 * Formats a duration with the language's unit words: `label('m', 1)` → `1m` (en) or `1分`
 * (zh-CN), joined by `separator`.
 */
export function formatDuration(
  totalSeconds: number,
  label: (unit: DurationUnit, value: number) => string,
  separator = ' ',
): string {
  return durationParts(totalSeconds)
    .map(({ unit, value }) => label(unit, value))
    .join(separator);
}
