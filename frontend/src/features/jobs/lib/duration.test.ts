import { durationParts, formatDuration } from './duration';

const en = (unit: string, value: number) => `${value}${unit}`;

describe('formatDuration', () => {
  it('shows the two largest units, as people read durations', () => {
    expect(formatDuration(80, en)).toBe('1m 20s');
    expect(formatDuration(3_723, en)).toBe('1h 2m');
    expect(formatDuration(2 * 86_400 + 5 * 3_600 + 7, en)).toBe('2d 5h');
    expect(formatDuration(45, en)).toBe('45s');
  });

  it('drops a trailing zero unit and shows zero as 0s', () => {
    expect(formatDuration(3_600, en)).toBe('1h');
    expect(formatDuration(120, en)).toBe('2m');
    expect(formatDuration(0, en)).toBe('0s');
    expect(formatDuration(-4, en)).toBe('0s');
  });

  it('keeps an inner zero between two units', () => {
    expect(durationParts(3_605)).toEqual([{ value: 1, unit: 'h' }]);
    expect(durationParts(86_400 + 60, 3)).toEqual([
      { value: 1, unit: 'd' },
      { value: 0, unit: 'h' },
      { value: 1, unit: 'm' },
    ]);
  });

  it('joins with the language separator', () => {
    const zh = (unit: string, value: number) => `${value}${{ d: '天', h: '小时', m: '分', s: '秒' }[unit]}`;
    expect(formatDuration(80, zh, '')).toBe('1分20秒');
  });
});
