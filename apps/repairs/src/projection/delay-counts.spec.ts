import { delayCounts, delaysWithin, drawDelayCount, goneWithin } from './delay-counts';
import { delayTable } from './delay-table';
import { RandomStream } from './rng';

const table = delayTable({ turnaroundDays: 10, customs: { holdProbability: 0.5, meanHoldDays: 5 } }, { kind: 'lognormal', cv: 0.4 });

describe('delayCounts', () => {
  it.each([0.3, 8, 400])('draws each delay day’s count as Poisson(λ·share·P(d)) (λ = %p a day)', (lambda) => {
    const counts = delayCounts(table, lambda, 0.8);
    const rng = new RandomStream(31, lambda);
    const n = 20_000;
    counts.delays.forEach((delay, i) => {
      let sum = 0;
      let sumSq = 0;
      for (let r = 0; r < n; r++) {
        const units = drawDelayCount(counts, i, rng);
        sum += units;
        sumSq += units * units;
      }
      const mean = lambda * 0.8 * table.pmf[delay];
      expect(counts.means[i]).toBeCloseTo(mean, 12);
      expect(Math.abs(sum / n - mean)).toBeLessThan(5 * Math.sqrt(mean / n) + 1e-9);
      if (mean > 0.05) expect((sumSq / n - (sum / n) ** 2) / mean).toBeGreaterThan(0.9);
    });
  });

  it('uses tables up to a mean of 30 and the exact sampler above', () => {
    expect(delayCounts(table, 8, 1).allTabled).toBe(true);
    expect(delayCounts(table, 2000, 1).allTabled).toBe(false);
  });

  it('skips delay 0 and counts the delays within a number of days', () => {
    const counts = delayCounts(table, 5, 1);
    expect(counts.delays[0]).toBeGreaterThanOrEqual(1);
    expect(delaysWithin(counts, 0)).toBe(0);
    expect(delaysWithin(counts, 12)).toBe(Array.from(counts.delays).filter((d) => d <= 12).length);
    expect(delaysWithin(counts, 100_000)).toBe(counts.delays.length);
  });

  it('answers the mean units not back within r days: the lost share plus the tail beyond r', () => {
    const counts = delayCounts(table, 10, 0.4);
    const beyond = (r: number) => table.pmf.reduce((sum, p, k) => (k > r ? sum + p : sum), 0);
    for (const r of [0, 3, 12, 40]) expect(goneWithin(counts, r)).toBeCloseTo(10 * 0.6 + 10 * 0.4 * beyond(r), 10);
    expect(goneWithin(counts, 100_000)).toBeCloseTo(6, 10);
  });
});
