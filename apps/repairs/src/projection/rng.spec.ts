import { RandomStream } from './rng';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

describe('RandomStream', () => {
  it('repeats exactly for the same ids and differs for others', () => {
    const a = new RandomStream(7, 0, 1);
    const b = new RandomStream(7, 0, 1);
    const c = new RandomStream(7, 0, 2);
    const seqA = Array.from({ length: 50 }, () => a.nextUint32());
    expect(Array.from({ length: 50 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 50 }, () => c.nextUint32())).not.toEqual(seqA);
    expect(new RandomStream(2 ** 40).nextUint32()).not.toBe(new RandomStream(0).nextUint32());
  });

  it('draws uniforms strictly inside (0, 1) with mean one half', () => {
    const rng = new RandomStream(1);
    let min = 1;
    let max = 0;
    const { mean } = moments(() => {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      return u;
    }, 100_000);
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    expect(mean).toBeCloseTo(0.5, 2);
  });

  it.each([0.01, 0.7, 5, 29.9, 30, 250, 100_000])('samples Poisson(%p) with the right mean and variance', (mean) => {
    const rng = new RandomStream(11, mean);
    const n = 40_000;
    const m = moments(() => rng.poisson(mean), n);
    const se = Math.sqrt(mean / n);
    expect(Math.abs(m.mean - mean)).toBeLessThan(5 * se + 1e-9);
    expect(m.variance / mean).toBeGreaterThan(0.95);
    expect(m.variance / mean).toBeLessThan(1.05);
  });

  it('returns 0 for a zero Poisson mean', () => {
    expect(new RandomStream(1).poisson(0)).toBe(0);
  });

  it.each([
    [10, 0.3],
    [1000, 0.01],
    [1000, 0.4],
    [50, 0.9],
  ])('samples Binomial(%p, %p) with the right mean and variance', (n, p) => {
    const rng = new RandomStream(5, n, p * 1000);
    const m = moments(() => rng.binomial(n, p), 40_000);
    expect(m.mean).toBeCloseTo(n * p, 0);
    expect(m.variance / (n * p * (1 - p))).toBeGreaterThan(0.93);
    expect(m.variance / (n * p * (1 - p))).toBeLessThan(1.07);
  });

  it('keeps binomial draws within 0..n at the edges', () => {
    const rng = new RandomStream(3);
    expect(rng.binomial(0, 0.5)).toBe(0);
    expect(rng.binomial(10, 0)).toBe(0);
    expect(rng.binomial(10, 1)).toBe(10);
  });

  it('samples exponential, lognormal and stochastic rounding with the requested means', () => {
    const rng = new RandomStream(9);
    expect(moments(() => rng.exponential(14), 100_000).mean).toBeCloseTo(14, 0);
    const lognormal = moments(() => rng.lognormal(21, 0.5), 100_000);
    expect(lognormal.mean).toBeCloseTo(21, 0);
    expect(Math.sqrt(lognormal.variance) / 21).toBeCloseTo(0.5, 1);
    expect(moments(() => rng.roundStochastic(25.2), 100_000).mean).toBeCloseTo(25.2, 1);
    expect(moments(() => rng.normal(), 100_000).variance).toBeCloseTo(1, 1);
  });
});
