import fc from 'fast-check';
import {
  expectedBackorderVariance,
  expectedBackorders,
  logFactorial,
  poissonCdf,
  poissonLogPmf,
  poissonPmf,
  poissonSurvival,
} from './poisson';

/** Reference EBO by brute-force summation in log space, for moderate means only. */
function bruteForceEbo(mean: number, spares: number): number {
  let sum = 0;
  for (let x = spares + 1; x < mean + 40 * Math.sqrt(mean + 1) + 60; x++) {
    sum += (x - spares) * Math.exp(x * Math.log(mean) - mean - logFactorial(x));
  }
  return sum;
}

describe('logFactorial', () => {
  it('matches exact sums on both sides of the table/Stirling switch', () => {
    let exact = 0;
    for (let n = 1; n <= 600; n++) {
      exact += Math.log(n);
      expect(logFactorial(n)).toBeCloseTo(exact, 9);
    }
  });
});

describe('poisson pmf', () => {
  it('handles a zero mean', () => {
    expect(poissonPmf(0, 0)).toBe(1);
    expect(poissonPmf(3, 0)).toBe(0);
    expect(poissonLogPmf(3, 0)).toBe(-Infinity);
  });

  it('matches the textbook formula for small means', () => {
    expect(poissonPmf(2, 3)).toBeCloseTo((Math.exp(-3) * 9) / 2, 15);
    expect(poissonPmf(0, 1e-12)).toBeCloseTo(1 - 1e-12, 15);
  });

  it('does not underflow past mean 745, where exp(-mean) does', () => {
    expect(Math.exp(-1000)).toBe(0);
    const atMode = poissonPmf(1000, 1000);
    expect(atMode).toBeCloseTo(1 / Math.sqrt(2 * Math.PI * 1000), 5);
    expect(poissonPmf(100_000, 100_000)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI * 100_000), 6);
  });

  it('sums to one for a range of means', () => {
    for (const mean of [0.001, 0.5, 7, 69.04, 1234.5]) {
      let total = 0;
      for (let k = 0; k < mean + 20 * Math.sqrt(mean) + 40; k++) total += poissonPmf(k, mean);
      expect(total).toBeCloseTo(1, 12);
    }
  });

  it('rejects negative or non-finite means and fractional counts', () => {
    expect(() => poissonPmf(1, -1)).toThrow(RangeError);
    expect(() => poissonPmf(1, Infinity)).toThrow(RangeError);
    expect(() => poissonCdf(1.5, 2)).toThrow(RangeError);
  });
});

describe('poisson cdf and survival', () => {
  it('are complements and stay in [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5000, noNaN: true }), fc.integer({ min: 0, max: 8000 }), (mean, k) => {
        const cdf = poissonCdf(k, mean);
        const tail = poissonSurvival(k, mean);
        expect(cdf).toBeGreaterThanOrEqual(0);
        expect(cdf).toBeLessThanOrEqual(1);
        expect(cdf + tail).toBeCloseTo(1, 12);
      }),
    );
  });

  it('keeps relative precision far in the upper tail', () => {
    // P(X > 20 | mean 1) is dominated by P(21) = e^-1/21!.
    const p21 = Math.exp(-1 - logFactorial(21));
    expect(poissonSurvival(20, 1) / p21).toBeCloseTo(1 + 1 / 22 + 1 / (22 * 23), 3);
  });

  it('is near one half at the mean of a huge pipeline', () => {
    expect(poissonCdf(100_000, 100_000)).toBeCloseTo(0.5 + 0.5 * 0.0013, 3);
  });
});

describe('expectedBackorders', () => {
  it('reproduces the contract examples', () => {
    const mean = ((10000 * 0.1) / 365) * 25.2;
    expect(mean).toBeCloseTo(69.04, 2);
    expect(expectedBackorders(mean, 50)).toBeCloseTo(19.06, 2);
    expect(expectedBackorders(40, 45)).toBeCloseTo(0.807, 3);
    expect(expectedBackorders(40, 40)).toBeCloseTo(2.518, 3);
  });

  it('is the mean with no spares, and 0 for an empty pipeline', () => {
    expect(expectedBackorders(12.5, 0)).toBeCloseTo(12.5, 12);
    expect(expectedBackorders(800, 0)).toBeCloseTo(800, 9);
    expect(expectedBackorders(0, 0)).toBe(0);
    expect(expectedBackorders(0, 10)).toBe(0);
    expect(expectedBackorders(1e-9, 0)).toBeCloseTo(1e-9, 20);
  });

  it('matches brute force summation for moderate means', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 300, noNaN: true }), fc.integer({ min: 0, max: 400 }), (mean, spares) => {
        const reference = bruteForceEbo(mean, spares);
        expect(Math.abs(expectedBackorders(mean, spares) - reference)).toBeLessThanOrEqual(1e-9 * Math.max(1, reference));
      }),
    );
  });

  it('follows the normal approximation for huge means', () => {
    const sigma = Math.sqrt(1e6);
    // E[(X - s)+] with s = mean - sigma is sigma·(phi(1) + Phi(1)).
    expect(expectedBackorders(1e6, 1e6 - 1000) / sigma).toBeCloseTo(0.24197 + 0.84134, 3);
    expect(expectedBackorders(100_000, 100_000)).toBeCloseTo(Math.sqrt(100_000 / (2 * Math.PI)), 0);
  });

  it('handles spares in the thousands, far above the mean', () => {
    expect(expectedBackorders(50, 5000)).toBe(0);
    const tiny = expectedBackorders(50, 120);
    expect(tiny).toBeGreaterThan(0);
    expect(tiny).toBeLessThan(1e-15);
  });

  it('drops by exactly P(X > s) per extra spare and is convex', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2000, noNaN: true }), fc.integer({ min: 0, max: 3000 }), (mean, s) => {
        const [a, b, c] = [expectedBackorders(mean, s), expectedBackorders(mean, s + 1), expectedBackorders(mean, s + 2)];
        expect(a - b).toBeCloseTo(poissonSurvival(s, mean), 9);
        expect(a).toBeGreaterThanOrEqual(b);
        expect(a - b + 1e-12).toBeGreaterThanOrEqual(b - c);
      }),
    );
  });
});

describe('expectedBackorderVariance', () => {
  it('is the Poisson variance with no spares and 0 with an empty pipeline', () => {
    expect(expectedBackorderVariance(25, 0)).toBeCloseTo(25, 9);
    expect(expectedBackorderVariance(0, 3)).toBe(0);
  });

  it('matches brute force for a moderate case', () => {
    let second = 0;
    for (let x = 51; x < 300; x++) second += (x - 50) ** 2 * poissonPmf(x, 69);
    const ebo = expectedBackorders(69, 50);
    expect(expectedBackorderVariance(69, 50)).toBeCloseTo(second - ebo * ebo, 8);
  });
});
