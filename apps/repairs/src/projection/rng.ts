/**
 * Seeded pseudo-random numbers for the simulator: sfc32 (small, fast, passes PractRand), one stream per
 * (seed, run, pool, purpose) so a change to one pool or one day never shifts another's draws.
 */
import { logFactorial } from './poisson';

// Local bindings: global lookups (Math.*) are slow inside Jest's vm contexts, and these run millions of times.
const { abs, cos, exp, floor, imul, log, log1p, max, min, round, sqrt, PI } = Math;
const TWO_POW_32 = 4294967296;

function mixWord(h: number, word: number): number {
  h = imul(h ^ word, 0x85ebca6b);
  h = imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Mixes a list of integers (low and high 32 bits of each) and a salt into a 32-bit seed. */
function mix(values: readonly number[], salt: number): number {
  let h = 0x9e3779b9;
  for (let i = 0; i < values.length; i++) {
    h = mixWord(h, values[i] >>> 0);
    h = mixWord(h, floor(values[i] / TWO_POW_32) >>> 0);
  }
  return mixWord(h, salt) >>> 0;
}

export class RandomStream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `ids` name the stream, e.g. (seed, run, pool, purpose); equal ids give byte-identical sequences. */
  constructor(...ids: number[]) {
    this.a = mix(ids, 1);
    this.b = mix(ids, 2);
    this.c = mix(ids, 3);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on the open interval (0, 1), so logarithms of it are always finite. */
  next(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  exponential(mean: number): number {
    return -mean * log(this.next());
  }

  /** Standard normal by Box–Muller (the second value is dropped to keep the stream simple to reason about). */
  normal(): number {
    return sqrt(-2 * log(this.next())) * cos(2 * PI * this.next());
  }

  /** Lognormal with the given mean and coefficient of variation. */
  lognormal(mean: number, cv: number): number {
    const sigma2 = log(1 + cv * cv);
    return exp(log(mean) - sigma2 / 2 + sqrt(sigma2) * this.normal());
  }

  /** Integer with expectation exactly `x` (floor or ceil), so discretising days keeps means intact. */
  roundStochastic(x: number): number {
    const whole = floor(x);
    return this.next() < x - whole ? whole + 1 : whole;
  }

  /** Poisson: inversion below mean 30, Hörmann's PTRS transformed rejection above (exact, O(1) in the mean). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    return mean < 30 ? this.poissonByInversion(mean, exp(-mean)) : this.poissonPtrs(mean);
  }

  /** Inversion with a precomputed e^{-mean}, for callers drawing many times with one mean. */
  poissonByInversion(mean: number, expNegMean: number): number {
    let k = 0;
    let p = expNegMean;
    let u = this.next();
    while (u > p) {
      u -= p;
      k++;
      p *= mean / k;
      if (p === 0) break;
    }
    return k;
  }

  private poissonPtrs(mean: number): number {
    const sqrtMean = sqrt(mean);
    const logMean = log(mean);
    const b = 0.931 + 2.53 * sqrtMean;
    const a = -0.059 + 0.02483 * b;
    const logInvAlpha = log(1.1239 + 1.1328 / (b - 3.4));
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - abs(u);
      const k = floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (log(v) + logInvAlpha - log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) return k;
    }
  }

  /**
   * Binomial(n, p): inversion while n·min(p, 1−p) < 30 (exact), a rounded, clamped normal beyond
   * (its error is far below the simulation's own noise at those sizes).
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    if (n * p >= 30) {
      const draw = round(n * p + sqrt(n * p * (1 - p)) * this.normal());
      return min(n, max(0, draw));
    }
    const q = 1 - p;
    const odds = p / q;
    let k = 0;
    let prob = exp(n * log1p(-p));
    let u = this.next();
    while (u > prob && k < n) {
      u -= prob;
      k++;
      prob *= (odds * (n - k + 1)) / k;
    }
    return k;
  }
}
