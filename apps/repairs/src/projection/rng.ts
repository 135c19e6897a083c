/**
 * Seeded pseudo-random numbers for the simulator: sfc32 (small, fast, passes PractRand), one stream per
 * (seed, run, pool, purpose) so a change to one pool or one day never shifts another's draws.
 */
import { logFactorial } from './poisson';

// Local bindings: global lookups (Math.*) are slow inside Jest's vm contexts, and these run millions of times.
const { abs, cos, exp, floor, imul, log, log1p, sqrt, PI } = Math;
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

  /** The next `n` words of the stream into out[0..n−1]: the same words as n calls of nextUint32, in a tight loop. */
  fillUint32(out: Uint32Array, n: number): void {
    let { a, b, c, d } = this;
    for (let i = 0; i < n; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      out[i] = t;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
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

  /** Sequential inversion from k = 0 (expNegMean = e^{-mean}): about mean + 1 steps, so only for small means. */
  private poissonByInversion(mean: number, expNegMean: number): number {
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
   * Binomial(n, p), exact for every n and p: inversion while n·min(p, 1−p) < 10, Hörmann's BTRS
   * transformed rejection beyond (O(1) in n). Always an integer in 0..n.
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    if (n * p >= 10) return this.binomialBtrs(n, p);
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

  /** Hörmann (1993), "The generation of binomial random variates", algorithm BTRS; needs p ≤ ½ and n·p ≥ 10. */
  private binomialBtrs(n: number, p: number): number {
    const q = 1 - p;
    const spq = sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const alpha = (2.83 + 5.1 / b) * spq;
    const logOdds = log(p / q);
    const mode = floor((n + 1) * p);
    const h = logFactorial(mode) + logFactorial(n - mode);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - abs(u);
      const k = floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      if (log((v * alpha) / (a / (us * us) + b)) <= h - logFactorial(k) - logFactorial(n - k) + (k - mode) * logOdds) return k;
    }
  }

  /**
   * Multinomial counts of n units over categories with the given probabilities (summing to at most 1),
   * as a chain of binomials: category i takes Binomial(left, p_i / mass left). Writes the counts into
   * `out` (same length) and answers the units that fell in none of them (the mass beyond the last).
   * Stops once every unit is placed: at most one binomial per category, whatever n is.
   */
  multinomial(n: number, probabilities: ArrayLike<number>, out: Int32Array): number {
    out.fill(0);
    let mass = 1;
    let left = n;
    for (let i = 0; i < probabilities.length && left > 0; i++) {
      const p = probabilities[i];
      const units = p >= mass ? left : this.binomial(left, p / mass);
      out[i] = units;
      left -= units;
      mass -= p;
    }
    return left;
  }
}
