/**
 * Whole-day delays from failure to return, as a probability table (delay-counts.ts draws from it).
 * Continuous delays are rounded stochastically (floor(Y + U)), which keeps the mean exactly, so the
 * simulated pipeline has METRIC's mean λ·T; Palm's theorem makes the shape matter only in transients.
 */
import type { SupplyRegime } from './projection.types';

export type TurnaroundDistribution =
  | { kind: 'deterministic' }
  | { kind: 'exponential' }
  | { kind: 'lognormal'; cv: number };

export interface DelayTable {
  /** P(delay = k days) for k = 0..length−1. */
  pmf: Float64Array;
  mean: number;
}

/** Probability mass left out of a table's tail. */
const TAIL_MASS = 1e-10;

/** Standard normal CDF from erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -x * x - 1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** ∫_k^{k+1} F(y) dy for the delay's CDF F: stochastic rounding gives P(k) = I(k) − I(k−1). */
function cdfIntegral(distribution: TurnaroundDistribution, mean: number): (k: number) => number {
  if (mean <= 0 || distribution.kind === 'deterministic') {
    return (k) => Math.min(1, Math.max(0, k + 1 - mean));
  }
  if (distribution.kind === 'exponential') {
    return (k) => (k < 0 ? 0 : 1 - mean * (Math.exp(-k / mean) - Math.exp(-(k + 1) / mean)));
  }
  const sigma = Math.sqrt(Math.log(1 + distribution.cv * distribution.cv));
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  const cdf = (y: number) => (y <= 0 ? 0 : normalCdf((Math.log(y) - mu) / sigma));
  // Simpson's rule on 16 panels: the CDF is smooth within a day for any realistic turnaround.
  return (k) => {
    let sum = cdf(k) + cdf(k + 1);
    for (let i = 1; i < 16; i++) sum += (i % 2 === 1 ? 4 : 2) * cdf(k + i / 16);
    return sum / 48;
  };
}

function discretise(distribution: TurnaroundDistribution, mean: number): number[] {
  const integral = cdfIntegral(distribution, mean);
  const pmf: number[] = [];
  let previous = integral(-1);
  let total = 0;
  for (let k = 0; total < 1 - TAIL_MASS || k <= mean; k++) {
    const current = integral(k);
    pmf.push(Math.max(0, current - previous));
    total += pmf[k];
    previous = current;
    if (k > 100 * (mean + 1)) break;
  }
  return pmf.map((p) => p / total);
}

function convolve(a: number[], b: number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0) continue;
    for (let j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
  }
  return out;
}

/** The delay of one unit under a regime: turnaround, then with holdProbability an exponential customs hold. */
export function delayTable(regime: Pick<SupplyRegime, 'turnaroundDays' | 'customs'>, distribution: TurnaroundDistribution): DelayTable {
  const turnaround = discretise(distribution, regime.turnaroundDays);
  const { holdProbability, meanHoldDays } = regime.customs;
  const hold = discretise({ kind: 'exponential' }, meanHoldDays).map((p) => p * holdProbability);
  hold[0] += 1 - holdProbability;
  const pmf = Float64Array.from(convolve(turnaround, hold));
  const mean = pmf.reduce((sum, p, k) => sum + p * k, 0);
  return { pmf, mean };
}
