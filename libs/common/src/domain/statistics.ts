/**
 * Percentiles by the nearest-rank method: always a value that was observed, so a reported
 * "median hold" is a hold that happened. The median is the 50th percentile the same way.
 */
export function nearestRankPercentile(values: readonly number[], percentile: number): number | null {
  if (!(percentile > 0 && percentile <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${percentile}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((percentile / 100) * sorted.length) - 1];
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}
