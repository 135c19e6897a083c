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

  it.each([
    [100, 0.2],
    [10_000, 0.5],
    [1_000_000, 0.003],
    [5_000_000, 0.97],
  ])('samples Binomial(%p, %p) exactly by BTRS when n·p ≥ 10: mean, variance, within 0..n', (n, p) => {
    const rng = new RandomStream(6, n, p * 1000);
    let inRange = true;
    const m = moments(() => {
      const k = rng.binomial(n, p);
      inRange &&= Number.isInteger(k) && k >= 0 && k <= n;
      return k;
    }, 40_000);
    const variance = n * p * (1 - p);
    expect(inRange).toBe(true);
    expect(Math.abs(m.mean - n * p)).toBeLessThan(5 * Math.sqrt(variance / 40_000));
    expect(m.variance / variance).toBeGreaterThan(0.95);
    expect(m.variance / variance).toBeLessThan(1.05);
  });

  it('gives BTRS the right shape, not just moments: P(k) against the exact pmf for Binomial(60, 0.25)', () => {
    const [n, p, draws] = [60, 0.25, 200_000];
    const rng = new RandomStream(12);
    const counts = new Float64Array(n + 1);
    for (let i = 0; i < draws; i++) counts[rng.binomial(n, p)]++;
    let logChoose = 0;
    for (let k = 0; k <= n; k++) {
      if (k > 0) logChoose += Math.log((n - k + 1) / k);
      const pk = Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log(1 - p));
      expect(Math.abs(counts[k] / draws - pk)).toBeLessThan(5 * Math.sqrt((pk * (1 - pk)) / draws) + 1e-5);
    }
  });

  it('splits n units over categories as a multinomial (a chain of binomials), the rest beyond them', () => {
    const rng = new RandomStream(13);
    const probabilities = [0.5, 0.3, 0.15];
    const out = new Int32Array(3);
    const sums = [0, 0, 0, 0];
    const runs = 20_000;
    for (let i = 0; i < runs; i++) {
      const rest = rng.multinomial(1000, probabilities, out);
      expect(out[0] + out[1] + out[2] + rest).toBe(1000);
      out.forEach((units, c) => (sums[c] += units));
      sums[3] += rest;
    }
    [...probabilities, 0.05].forEach((q, c) => expect(sums[c] / runs / 1000).toBeCloseTo(q, 3));
    expect(rng.multinomial(7, [1], out.subarray(0, 1))).toBe(0);
    expect(out[0]).toBe(7);
  });

  it('fills a block of words identical to drawing them one by one', () => {
    const [a, b] = [new RandomStream(21, 4), new RandomStream(21, 4)];
    const block = new Uint32Array(100);
    a.fillUint32(block, 100);
    expect(Array.from(block)).toEqual(Array.from({ length: 100 }, () => b.nextUint32()));
    expect(a.next()).toBe(b.next());
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
