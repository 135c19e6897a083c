/**
 * How many of a day's failures come back after each delay, as counts. Failures a day are Poisson(λ)
 * and each unit independently comes back with probability `returnShare` after a delay drawn from the
 * delay table, so (Poisson splitting) the units coming back after d days are Poisson(λ·share·P(d)),
 * independent across d, and the units that never come back within the horizon are one more Poisson.
 *
 * A delay day whose mean count is at least HEAVY_MEAN is drawn as one count (one uniform from an alias
 * table of its Poisson law). The other, light, delays are drawn the other way round, which is the same
 * law: how many units take any light delay (one Poisson), then each unit's delay (one uniform each).
 * A draw per delay day costs one word whatever its mean, a light unit one word, so each delay sits
 * where it costs less: a small fleet draws per unit, a large one per delay day, and neither pays for
 * the many tail days that hardly ever see a unit. The light units' total and the units gone beyond
 * the horizon are Poisson counts drawn from alias tables too (one word, no inversion loop) up to
 * TABLE_MAX_MEAN, PTRS above.
 */
import { aliasPick, aliasTables, DelayTable } from './delay-table';
import type { RandomStream } from './rng';

/** Above this mean a count is drawn by the rng's exact Poisson sampler (PTRS, O(1)) instead of a table. */
const TABLE_MAX_MEAN = 30;
/** Probabilities are kept until the rest of the tail is below this (far under a 32-bit uniform's step). */
const TAIL = 1e-17;
/** A delay day expecting at least this many units a day is drawn as a count, below it per unit. */
const HEAVY_MEAN = 1;
const INV_TWO_POW_32 = 1 / 4294967296;

export interface DelayCounts {
  /** Heavy delays (≥ 1 day, ascending); delay 0 comes back the same day and changes nothing. */
  delays: Int32Array;
  /** Mean units per day coming back after delays[i]. */
  means: Float64Array;
  /** Alias columns of delays[i]'s Poisson law are columnStart[i] .. columnStart[i + 1] − 1; none: drawn by PTRS. */
  columnStart: Int32Array;
  keep: Float64Array;
  alias: Int32Array;
  /** withinCount[r]: how many of `delays` are ≤ r; r ≥ length: all of them. */
  withinCount: Int32Array;
  /** Every heavy delay's law has an alias table (no mean above TABLE_MAX_MEAN), so a day's draws can be one block of words. */
  allTabled: boolean;
  /** Mean units a day coming back after a light delay (≥ 1 day). */
  lightMean: number;
  /** Poisson(lightMean) as one law laid out by poissonColumns; none: drawn by PTRS. */
  lightCountStart: Int32Array;
  lightCountKeep: Float64Array;
  lightCountAlias: Int32Array;
  /** A light unit's delay: lightDelays[column] or lightDelays[lightAlias[column]], Walker's alias method. */
  lightDelays: Int32Array;
  lightKeep: Float64Array;
  lightAlias: Int32Array;
  /** goneMean[r]: mean units a day neither drawn per unit nor back within r days (lost, or a heavy delay beyond r); r ≥ length: the last. */
  goneMean: Float64Array;
  /** Alias columns of Poisson(goneMean[r]) are goneStart[r] .. goneStart[r + 1] − 1; none: PTRS, or 0 for a mean of 0. */
  goneStart: Int32Array;
  goneKeep: Float64Array;
  goneAlias: Int32Array;
}

/** Alias tables of Poisson laws laid end to end, law i's columns from start[i] to start[i + 1] − 1; none above TABLE_MAX_MEAN or at 0. */
function poissonColumns(means: ArrayLike<number>): { start: Int32Array; keep: Float64Array; alias: Int32Array } {
  const start = [0];
  const keep: number[] = [];
  const alias: number[] = [];
  for (let i = 0; i < means.length; i++) {
    const mean = means[i];
    if (mean > 0 && mean <= TABLE_MAX_MEAN) {
      const columns = aliasTables(poissonPmf(mean));
      keep.push(...columns.keep);
      alias.push(...columns.alias);
    }
    start.push(keep.length);
  }
  return { start: Int32Array.from(start), keep: Float64Array.from(keep), alias: Int32Array.from(alias) };
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
  const lightDelays: number[] = [];
  const lightMeans: number[] = [];
  for (let d = 1; d < table.pmf.length; d++) {
    const mean = dailyFailures * returnShare * table.pmf[d];
    if (!(mean > 0)) continue;
    if (mean < HEAVY_MEAN) {
      lightDelays.push(d);
      lightMeans.push(mean);
      continue;
    }
    delays.push(d);
    means.push(mean);
  }
  const heavy = poissonColumns(means);
  // Heavy survival P(delay > r), summed from the far end so small tails keep their precision.
  const goneMean = new Float64Array(table.pmf.length);
  let heavyBeyond = 0;
  for (let r = table.pmf.length - 1, i = delays.length - 1; r >= 0; r--) {
    goneMean[r] = dailyFailures * (1 - returnShare) + heavyBeyond;
    if (i >= 0 && delays[i] === r) heavyBeyond += means[i--];
  }
  const withinCount = new Int32Array(table.pmf.length);
  for (let r = 0, i = 0; r < withinCount.length; r++) {
    while (i < delays.length && delays[i] <= r) i++;
    withinCount[r] = i;
  }
  const lightMean = lightMeans.reduce((sum, mean) => sum + mean, 0);
  const light = aliasTables(Float64Array.from(lightMeans, (mean) => mean / lightMean));
  const lightCount = poissonColumns([lightMean]);
  const gone = poissonColumns(goneMean);
  return {
    delays: Int32Array.from(delays),
    withinCount,
    allTabled: means.every((_, i) => heavy.start[i + 1] > heavy.start[i]),
    means: Float64Array.from(means),
    columnStart: heavy.start,
    keep: heavy.keep,
    alias: heavy.alias,
    lightMean,
    lightCountStart: lightCount.start,
    lightCountKeep: lightCount.keep,
    lightCountAlias: lightCount.alias,
    lightDelays: Int32Array.from(lightDelays),
    lightKeep: light.keep,
    lightAlias: light.alias,
    goneMean,
    goneStart: gone.start,
    goneKeep: gone.keep,
    goneAlias: gone.alias,
  };
}

/** Law i of tables laid out by poissonColumns, of mean `mean`: one uniform from its alias table, else PTRS (0 for a mean of 0). */
function drawTabledPoisson(start: Int32Array, keep: Float64Array, alias: Int32Array, i: number, mean: number, rng: RandomStream): number {
  const from = start[i];
  const columns = start[i + 1] - from;
  return columns > 0 ? aliasPick(rng.next() * columns, keep, alias, from) : rng.poisson(mean);
}

/** The count coming back after heavy delays[i] today. */
export function drawDelayCount(counts: DelayCounts, i: number, rng: RandomStream): number {
  return drawTabledPoisson(counts.columnStart, counts.keep, counts.alias, i, counts.means[i], rng);
}

/** How many heavy delays end within `days` days. */
export function delaysWithin(counts: DelayCounts, days: number): number {
  const { withinCount } = counts;
  return withinCount[days < withinCount.length ? days : withinCount.length - 1];
}

/** Which gone law applies within `days` days: beyond the delay table, the last. */
function goneIndex(counts: DelayCounts, days: number): number {
  const last = counts.goneMean.length - 1;
  return days < last ? days : last;
}

/** Mean units a day that are neither light nor back within `days` days. */
export function goneWithin(counts: DelayCounts, days: number): number {
  return counts.goneMean[goneIndex(counts, days)];
}

/**
 * One day's failures, into a calendar: calendar[at + d] gains the units back after d days for
 * 1 ≤ d ≤ within, and calendar[at + within + 1] the units not back within `within` days (lost, or
 * later). Answers how many failed (units back the same day change nothing and are not drawn).
 * `words` is scratch for at least `delays.length` words, and at least one. The draws depend on `counts` and `within` only,
 * never on how many units fail, so streams stay aligned across runs that differ elsewhere.
 */
export function drawFailures(
  counts: DelayCounts,
  within: number,
  rng: RandomStream,
  words: Uint32Array,
  calendar: Int32Array,
  at: number,
): number {
  const n = delaysWithin(counts, within);
  const { delays } = counts;
  let failed = 0;
  if (counts.allTabled) {
    // The same draws as drawDelayCount, with the day's words taken in one block.
    const { columnStart, keep, alias } = counts;
    rng.fillUint32(words, n);
    for (let i = 0; i < n; i++) {
      const from = columnStart[i];
      const units = aliasPick((words[i] + 0.5) * ((columnStart[i + 1] - from) * INV_TWO_POW_32), keep, alias, from);
      calendar[at + delays[i]] += units;
      failed += units;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const units = drawDelayCount(counts, i, rng);
      calendar[at + delays[i]] += units;
      failed += units;
    }
  }
  const beyond = at + within + 1;
  const { lightMean } = counts;
  if (lightMean > 0) {
    const light = drawTabledPoisson(counts.lightCountStart, counts.lightCountKeep, counts.lightCountAlias, 0, lightMean, rng);
    const { lightDelays, lightKeep, lightAlias } = counts;
    const columns = lightDelays.length * INV_TWO_POW_32;
    // One word per unit, taken in blocks of the scratch's size.
    for (let done = 0; done < light; ) {
      const block = light - done < words.length ? light - done : words.length;
      rng.fillUint32(words, block);
      for (let w = 0; w < block; w++) {
        const delay = lightDelays[aliasPick((words[w] + 0.5) * columns, lightKeep, lightAlias, 0)];
        calendar[delay <= within ? at + delay : beyond] += 1;
      }
      done += block;
    }
    failed += light;
  }
  const gone = drawTabledPoisson(counts.goneStart, counts.goneKeep, counts.goneAlias, goneIndex(counts, within), goneWithin(counts, within), rng);
  calendar[beyond] += gone;
  return failed + gone;
}
