import { formatRelative, parseTime, relativeTime } from './time';

const now = new Date('2025-03-01T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('relativeTime', () => {
  it('uses the largest whole unit', () => {
    expect(relativeTime(ago(20), now)).toEqual({ value: -20, unit: 'second' });
    expect(relativeTime(ago(90), now)).toEqual({ value: -1, unit: 'minute' });
    expect(relativeTime(ago(3 * 3600 + 5), now)).toEqual({ value: -3, unit: 'hour' });
    expect(relativeTime(ago(2 * 86_400), now)).toEqual({ value: -2, unit: 'day' });
  });

  it('reads in the language asked for', () => {
    expect(formatRelative(ago(180), now, 'en')).toBe('3 minutes ago');
    expect(formatRelative(ago(180), now, 'zh-CN')).toBe('3分钟前');
    expect(formatRelative(ago(-600), now, 'en')).toBe('now');
  });
});

describe('parseTime', () => {
  it('reads timestamps and rejects the rest', () => {
    expect(parseTime('2025-03-01T12:00:00Z')?.toISOString()).toBe('2025-03-01T12:00:00.000Z');
    expect(parseTime(null)).toBeNull();
    expect(parseTime('yesterday')).toBeNull();
  });
});
