import fc from 'fast-check';
import { mean, nearestRankPercentile } from './statistics';

describe('nearest-rank percentiles', () => {
  it('follows the textbook examples', () => {
    const values = [15, 20, 35, 40, 50];
    expect(nearestRankPercentile(values, 5)).toBe(15);
    expect(nearestRankPercentile(values, 30)).toBe(20);
    expect(nearestRankPercentile(values, 40)).toBe(20);
    expect(nearestRankPercentile(values, 50)).toBe(35);
    expect(nearestRankPercentile(values, 100)).toBe(50);
    expect(nearestRankPercentile([3, 1, 2, 4], 50)).toBe(2);
    expect(nearestRankPercentile([], 90)).toBeNull();
    expect(() => nearestRankPercentile(values, 0)).toThrow(RangeError);
  });

  it('answers an observed value, ordered by percentile', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1 }), (values) => {
        const median = nearestRankPercentile(values, 50)!;
        const p90 = nearestRankPercentile(values, 90)!;
        return values.includes(median) && values.includes(p90) && median <= p90;
      }),
    );
  });

  it('averages', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNull();
  });
});
