import { MS_PER_DAY, utcDate } from './calendar';

describe('UTC calendar dates', () => {
  it('answers the UTC date, not the local one', () => {
    expect(utcDate(new Date('2026-11-23T23:59:59-05:00'))).toBe('2026-11-24');
    expect(utcDate(Date.UTC(2026, 0, 1) - 1)).toBe('2025-12-31');
  });

  it('moves a day per MS_PER_DAY', () => {
    expect(utcDate(Date.UTC(2024, 1, 28) + MS_PER_DAY)).toBe('2024-02-29');
  });
});
