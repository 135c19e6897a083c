/**
 * How many of a day's failures come back after each delay, as counts. Failures a day are Poisson(λ)
 * and each unit independently comes back with probability `returnShare` after a delay drawn from the
 * delay table, so (Poisson splitting) the units coming back after d days are Poisson(λ·share·P(d)),
 * independent across d, and the units that never come back within the horizon are one more Poisson.
 * That is the same law as drawing each unit's delay, at a cost that does not depend on λ: every delay
 * day's count is one draw from an alias table of its Poisson law (one uniform, whatever the mean).
 */
import { aliasTables, DelayTable } from './delay-table';
import type { RandomStream } from './rng';

/** Above this mean a count is drawn by the rng's exact Poisson sampler (PTRS, O(1)) instead of a table. */
const TABLE_MAX_MEAN = 30;
/** Probabilities are kept until the rest of the tail is below this (far under a 32-bit uniform's step). */
const TAIL = 1e-17;

export interface DelayCounts {
  /** Delays (≥ 1 day, ascending) that have a non-zero probability; delay 0 comes back the same day and changes nothing. */
  delays: Int32Array;
  /** Mean units per day coming back after delays[i]. */
  means: Float64Array;
  /** Alias columns of delays[i]'s Poisson law are columnStart[i] .. columnStart[i + 1] − 1; none: drawn by PTRS. */
  columnStart: Int32Array;
  keep: Float64Array;
  alias: Int32Array;
  /** withinCount[r]: how many of `delays` are ≤ r; r ≥ length: all of them. */
  withinCount: Int32Array;
  /** Every delay's law has an alias table (no mean above TABLE_MAX_MEAN), so a day's draws can be one block of words. */
  allTabled: boolean;
  /** goneMean[r]: mean units a day that do not come back within r days (lost, or delayed beyond r); r ≥ length: the last. */
  goneMean: Float64Array;
}

/** P(X = k) for X ~ Poisson(mean ≤ TABLE_MAX_MEAN), k = 0.. until the rest is negligible, normalised. */
function poissonPmf(mean: number): Float64Array {
  const pmf: number[] = [];
  let p = Math.exp(-mean);
  let total = 0;
  for (let k = 0; ; k++) {
    pmf.push(p);
    total += p;
    if (k > mean && p < TAIL) break;
    p *= mean / (k + 1);
  }
  return Float64Array.from(pmf, (x) => x / total);
}

export function delayCounts(table: DelayTable, dailyFailures: number, returnShare: number): DelayCounts {
  const delays: number[] = [];
  const means: number[] = [];
  const columnStart = [0];
  const keep: number[] = [];
  const alias: number[] = [];
  for (let d = 1; d < table.pmf.length; d++) {
    const mean = dailyFailures * returnShare * table.pmf[d];
    if (!(mean > 0)) continue;
    delays.push(d);
    means.push(mean);
    if (mean <= TABLE_MAX_MEAN) {
      const columns = aliasTables(poissonPmf(mean));
      keep.push(...columns.aliasProbability);
      alias.push(...columns.alias);
    }
    columnStart.push(keep.length);
  }
  // Survival P(delay > r), summed from the far end so small tails keep their precision.
  const goneMean = new Float64Array(table.pmf.length);
  let beyond = 0;
  for (let r = table.pmf.length - 1; r >= 0; r--) {
    goneMean[r] = dailyFailures * (1 - returnShare) + dailyFailures * returnShare * beyond;
    beyond += table.pmf[r];
  }
  const withinCount = new Int32Array(table.pmf.length);
  for (let r = 0, i = 0; r < withinCount.length; r++) {
    while (i < delays.length && delays[i] <= r) i++;
    withinCount[r] = i;
  }
  return {
    delays: Int32Array.from(delays),
    withinCount,
    allTabled: keep.length === 0 ? delays.length === 0 : columnStart.every((start, i) => i === 0 || start > columnStart[i - 1]),
    means: Float64Array.from(means),
    columnStart: Int32Array.from(columnStart),
    keep: Float64Array.from(keep),
    alias: Int32Array.from(alias),
    goneMean,
  };
}

/** The count coming back after delays[i] today: one uniform from the alias table, or PTRS for a large mean. */
export function drawDelayCount(counts: DelayCounts, i: number, rng: RandomStream): number {
  const from = counts.columnStart[i];
  const columns = counts.columnStart[i + 1] - from;
  if (columns === 0) return rng.poisson(counts.means[i]);
  const u = rng.next() * columns;
  const column = u | 0;
  return u - column < counts.keep[from + column] ? column : counts.alias[from + column];
}

/** How many delays end within `days` days. */
export function delaysWithin(counts: DelayCounts, days: number): number {
  const { withinCount } = counts;
  return withinCount[days < withinCount.length ? days : withinCount.length - 1];
}

/** Mean units a day that will not be back within `days` days. */
export function goneWithin(counts: DelayCounts, days: number): number {
  const { goneMean } = counts;
  return goneMean[days < goneMean.length ? days : goneMean.length - 1];
}
