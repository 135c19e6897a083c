import { delayCounts, delaysWithin, drawFailures, goneWithin } from './delay-counts';
import { delayTable } from './delay-table';
import { RandomStream } from './rng';
import { MAX_HORIZON_DAYS } from './simulation-input';

const table = delayTable({ turnaroundDays: 10, customs: { holdProbability: 0.5, meanHoldDays: 5 } }, { kind: 'lognormal', cv: 0.4 });
const SHARE = 0.8;

/** Mean and variance of each calendar slot, and of the units failed, over `trials` days drawn alone. */
function drawMany(lambda: number, within: number, trials: number) {
  const counts = delayCounts(table, lambda, SHARE);
  const rng = new RandomStream(31, lambda, within);
  const words = new Uint32Array(Math.max(1, counts.delays.length));
  const calendar = new Int32Array(within + 2);
  const sum = new Float64Array(within + 2);
  const sumSq = new Float64Array(within + 2);
  let failedSum = 0;
  let failedSq = 0;
  for (let t = 0; t < trials; t++) {
    calendar.fill(0);
    const failed = drawFailures(counts, within, rng, words, calendar, 0);
    expect(failed).toBe(calendar.reduce((total, units) => total + units, 0));
    failedSum += failed;
    failedSq += failed * failed;
    calendar.forEach((units, slot) => {
      sum[slot] += units;
      sumSq[slot] += units * units;
    });
  }
  const mean = (s: number) => s / trials;
  return {
    slotMean: (slot: number) => mean(sum[slot]),
    slotVariance: (slot: number) => mean(sumSq[slot]) - mean(sum[slot]) ** 2,
    failedMean: mean(failedSum),
    failedVariance: mean(failedSq) - mean(failedSum) ** 2,
  };
}

const expectPoisson = (mean: number, variance: number, expected: number, trials: number) => {
  expect(Math.abs(mean - expected)).toBeLessThan(5 * Math.sqrt(expected / trials) + 1e-9);
  if (expected > 0.05) expect(Math.abs(variance / expected - 1)).toBeLessThan(0.1);
};

describe('drawFailures', () => {
  const trials = 20_000;
  it.each([
    [0.3, 12],
    [8, 12],
    [400, 12],
    [400, 1000],
    [5000, 30],
  ])('puts Poisson(λ·share·P(d)) units after each delay d, the rest beyond `within`, all Poisson (λ = %p, within = %p)', (lambda, within) => {
    const drawn = drawMany(lambda, within, trials);
    let backWithin = 0;
    for (let d = 1; d <= within; d++) {
      const expected = lambda * SHARE * (table.pmf[d] ?? 0);
      backWithin += expected;
      expectPoisson(drawn.slotMean(d), drawn.slotVariance(d), expected, trials);
    }
    expect(drawn.slotMean(0)).toBe(0);
    const sameDay = lambda * SHARE * table.pmf[0];
    expectPoisson(drawn.slotMean(within + 1), drawn.slotVariance(within + 1), lambda - sameDay - backWithin, trials);
    // Independent Poisson counts sum to a Poisson: a fixed or multinomial total would fail the variance.
    expectPoisson(drawn.failedMean, drawn.failedVariance, lambda - sameDay, trials);
  });
});

describe('delayCounts', () => {
  it('draws a delay day as a count when it expects at least one unit a day, and the others per unit', () => {
    const counts = delayCounts(table, 400, SHARE);
    expect(Array.from(counts.means).every((mean) => mean >= 1)).toBe(true);
    const lightMeans = Array.from(counts.lightDelays, (d) => 400 * SHARE * table.pmf[d]);
    expect(lightMeans.every((mean) => mean < 1)).toBe(true);
    expect(counts.lightMean).toBeCloseTo(lightMeans.reduce((sum, mean) => sum + mean, 0), 10);
    const positive = Array.from(table.pmf.keys()).filter((d) => d >= 1 && table.pmf[d] > 0);
    expect([...counts.delays, ...counts.lightDelays].sort((a, b) => a - b)).toEqual(positive);
    expect(delayCounts(table, 0.3, SHARE).delays.length).toBe(0);
  });

  it('uses tables up to a mean of 30 and the exact sampler above', () => {
    expect(delayCounts(table, 8, 1).allTabled).toBe(true);
    expect(delayCounts(table, 2000, 1).allTabled).toBe(false);
  });

  it('lumps the light delays beyond every horizon into one, however long the turnaround', () => {
    const long = delayTable({ turnaroundDays: 3000, customs: { holdProbability: 0, meanHoldDays: 0 } }, { kind: 'lognormal', cv: 1 });
    const counts = delayCounts(long, 0.5, 1);
    const lumped = Array.from(counts.lightDelays).filter((d) => d > MAX_HORIZON_DAYS);
    expect(lumped).toEqual([MAX_HORIZON_DAYS + 1]);
    expect(counts.lightMean).toBeCloseTo(0.5 * (1 - long.pmf[0]), 10);
    const calendar = new Int32Array(MAX_HORIZON_DAYS + 1);
    const rng = new RandomStream(7);
    const words = new Uint32Array(64);
    let failed = 0;
    for (let t = 0; t < 2000; t++) failed += drawFailures(counts, MAX_HORIZON_DAYS - 1, rng, words, calendar, 0);
    expect(calendar.reduce((sum, units) => sum + units, 0)).toBe(failed);
    expect(calendar[MAX_HORIZON_DAYS]).toBeGreaterThan(0.9 * failed);
  });

  it('counts the heavy delays within a number of days', () => {
    const counts = delayCounts(table, 50, 1);
    expect(counts.delays[0]).toBeGreaterThanOrEqual(1);
    expect(delaysWithin(counts, 0)).toBe(0);
    expect(delaysWithin(counts, 12)).toBe(Array.from(counts.delays).filter((d) => d <= 12).length);
    expect(delaysWithin(counts, 100_000)).toBe(counts.delays.length);
  });

  it('answers the mean units neither light nor back within r days: the lost share plus the heavy delays beyond r', () => {
    const counts = delayCounts(table, 40, 0.4);
    const heavyBeyond = (r: number) => Array.from(counts.delays).reduce((sum, d, i) => (d > r ? sum + counts.means[i] : sum), 0);
    for (const r of [0, 3, 12, 40]) expect(goneWithin(counts, r)).toBeCloseTo(40 * 0.6 + heavyBeyond(r), 10);
    expect(goneWithin(counts, 100_000)).toBeCloseTo(24, 10);
  });
});
