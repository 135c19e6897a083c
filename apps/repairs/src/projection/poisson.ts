/**
 * Poisson probabilities that stay accurate for means from 0 to millions and counts in the thousands.
 * Terms come from Loader's saddle-point form (as R's dpois), so nothing underflows until it truly is
 * below 1e-308, and tails are summed from the small end so tiny results keep their relative precision.
 */

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
/** Relative size below which a further tail term cannot change a double sum. */
const NEGLIGIBLE = 1e-17;

function assertMean(mean: number): void {
  if (!Number.isFinite(mean) || mean < 0) throw new RangeError(`Poisson mean must be finite and >= 0, got ${mean}`);
}

function assertCount(k: number, name: string): void {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`${name} must be an integer >= 0, got ${k}`);
}

const LOG_FACTORIAL_TABLE: number[] = (() => {
  const table = [0];
  for (let n = 1; n < 256; n++) table.push(table[n - 1] + Math.log(n));
  return table;
})();

/** ln(n!) for integers: exact table below 256, Stirling series (error < 1e-15) above. */
export function logFactorial(n: number): number {
  if (n < 256) return LOG_FACTORIAL_TABLE[n];
  const inv = 1 / n;
  const inv2 = inv * inv;
  return (n + 0.5) * Math.log(n) - n + LN_SQRT_2PI + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

/** Stirling's error ln(n!) − (n + ½)ln n + n − ln√(2π), the small remainder Loader's form needs. */
function stirlingError(n: number): number {
  if (n <= 15) return logFactorial(n) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  const nn = n * n;
  if (n > 500) return (1 / 12 - 1 / 360 / nn) / n;
  if (n > 80) return (1 / 12 - (1 / 360 - 1 / 1260 / nn) / nn) / n;
  if (n > 35) return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / 1680 / nn) / nn) / nn) / n;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
}

/** x·ln(x/m) + m − x without the cancellation that the direct form suffers when x ≈ m. */
function deviance(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let sum = (x - m) * v;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}

/** ln P(X = k) for X ~ Poisson(mean); −Infinity where the probability is exactly 0. */
export function poissonLogPmf(k: number, mean: number): number {
  assertMean(mean);
  assertCount(k, 'k');
  if (mean === 0) return k === 0 ? 0 : -Infinity;
  if (k === 0) return -mean;
  return -stirlingError(k) - deviance(k, mean) - LN_SQRT_2PI - 0.5 * Math.log(k);
}

export function poissonPmf(k: number, mean: number): number {
  return Math.exp(poissonLogPmf(k, mean));
}

/** Σ_{x=k}^{0} weight(x)·P(x), walking down from k (terms shrink below the mode). */
function sumDown(k: number, mean: number, weight: (x: number) => number): number {
  let p = poissonPmf(k, mean);
  let sum = 0;
  for (let x = k; x >= 0 && p > 0; x--) {
    const term = weight(x) * p;
    sum += term;
    if (term < NEGLIGIBLE * sum && x < mean) break;
    p *= x / mean;
  }
  return sum;
}

/** Σ_{x=k}^{∞} weight(x)·P(x), walking up from k ≥ mean (terms shrink above the mode). */
function sumUp(k: number, mean: number, weight: (x: number) => number): number {
  let p = poissonPmf(k, mean);
  let sum = 0;
  for (let x = k; p > 0; x++) {
    const term = weight(x) * p;
    sum += term;
    if (term <= NEGLIGIBLE * sum) break;
    p *= mean / (x + 1);
  }
  return sum;
}

/** P(X ≤ k). */
export function poissonCdf(k: number, mean: number): number {
  assertMean(mean);
  assertCount(k, 'k');
  if (mean === 0) return 1;
  if (k < mean) return Math.min(1, sumDown(k, mean, () => 1));
  return Math.max(0, 1 - sumUp(k + 1, mean, () => 1));
}

/** P(X > k): the chance that one more spare than k would still be short, i.e. EBO(k) − EBO(k + 1). */
export function poissonSurvival(k: number, mean: number): number {
  assertMean(mean);
  assertCount(k, 'k');
  if (mean === 0) return 0;
  if (k + 1 > mean) return Math.min(1, sumUp(k + 1, mean, () => 1));
  return Math.max(0, 1 - sumDown(k, mean, () => 1));
}

/**
 * Expected backorders EBO(s) = Σ_{x>s}(x − s)·P(x) for a Poisson pipeline.
 * Above the mean the tail is summed directly (small, positive terms); below it the identity
 * EBO(s) = mean − s + Σ_{x≤s}(s − x)·P(x) adds two positive parts, so neither branch cancels.
 */
export function expectedBackorders(mean: number, spares: number): number {
  assertMean(mean);
  assertCount(spares, 'spares');
  if (mean === 0) return 0;
  if (spares >= mean) return sumUp(spares + 1, mean, (x) => x - spares);
  return mean - spares + sumDown(spares, mean, (x) => spares - x);
}

/** Var of backorders: E[((X − s)⁺)²] − EBO², with the second moment split the same way as EBO. */
export function expectedBackorderVariance(mean: number, spares: number): number {
  assertMean(mean);
  assertCount(spares, 'spares');
  if (mean === 0) return 0;
  const ebo = expectedBackorders(mean, spares);
  const secondMoment =
    spares >= mean
      ? sumUp(spares + 1, mean, (x) => (x - spares) ** 2)
      : mean + (mean - spares) ** 2 - sumDown(spares, mean, (x) => (spares - x) ** 2);
  return Math.max(0, secondMoment - ebo * ebo);
}
