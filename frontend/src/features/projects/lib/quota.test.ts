import { parseCount, podQuota } from './quota';

describe('podQuota', () => {
  it('reads used and hard and the share used', () => {
    expect(podQuota({ used: '3', hard: '20' })).toEqual({ used: 3, hard: 20, percent: 15 });
  });

  it('caps the share at 100 and copes with a zero limit', () => {
    expect(podQuota({ used: '25', hard: '20' })?.percent).toBe(100);
    expect(podQuota({ used: '0', hard: '0' })?.percent).toBe(0);
    expect(podQuota({ used: '1', hard: '0' })?.percent).toBe(100);
  });

  it('is null without a quota or with figures it cannot read', () => {
    expect(podQuota(null)).toBeNull();
    expect(podQuota(undefined)).toBeNull();
    expect(podQuota({ used: 'lots', hard: '20' })).toBeNull();
  });
});

describe('parseCount', () => {
  it('reads plain and suffixed counts', () => {
    expect(parseCount('20')).toBe(20);
    expect(parseCount(' 7 ')).toBe(7);
    expect(parseCount('1k')).toBe(1000);
    expect(parseCount('2Ki')).toBe(2048);
    expect(parseCount('-1')).toBeNull();
  });
});
