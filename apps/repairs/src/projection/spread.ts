/** Mean and nearest-rank percentiles over runs (the same method as libs/common's nearestRankPercentile). */

export interface Spread {
  mean: number;
  p10: number;
  p50: number;
  p90: number;
}

const nearestRank = (sorted: Float64Array, percentile: number): number =>
  sorted[Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1)];

/** Sorts `values` in place (callers pass a scratch column) and summarises it. */
export function spreadOf(values: Float64Array): Spread {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  values.sort();
  return {
    mean: sum / values.length,
    p10: nearestRank(values, 10),
    p50: nearestRank(values, 50),
    p90: nearestRank(values, 90),
  };
}

export function scaleSpread(spread: Spread, factor: number): Spread {
  return { mean: spread.mean * factor, p10: spread.p10 * factor, p50: spread.p50 * factor, p90: spread.p90 * factor };
}
