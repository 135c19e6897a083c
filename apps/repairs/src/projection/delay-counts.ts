/**
 * How many of a day's failures come back after each delay, as counts. Failures a day are Poisson(λ)
 * and each unit independently comes back with probability `returnShare` after a delay drawn from the
 * delay table, so (Poisson splitting) the units coming back after d days are Poisson(λ·share·P(d)),
 * independent across d, and the units that never come back within the horizon are one more Poisson.
 *
 * A delay day whose mean count is at least HEAVY_MEAN is drawn as one count (one word, inverted through
 * the guide table of its Poisson law: word-laws.ts). The other, light, delays are drawn the other way
 * round, which is the same law: how many units take any light delay (one Poisson), then each unit's
 * delay (one word each). A draw per delay day costs one word whatever its mean, a light unit one word,
 * so each delay sits where it costs less: a small fleet draws per unit, a large one per delay day, and
 * neither pays for the many tail days that hardly ever see a unit. The light units' total and the
 * units gone beyond the horizon are Poisson counts drawn from one word each too up to TABLE_MAX_MEAN,
 * PTRS above.
 */
import type { DelayTable } from './delay-table';
import type { RandomStream } from './rng';
import { MAX_HORIZON_DAYS } from './simulation-input';
import { drawWordLaw, hasWordLaw, WordLaws, wordLaws } from './word-laws';

/** Above this mean a count is drawn by the rng's exact Poisson sampler (PTRS, O(1)) instead of a table. */
const TABLE_MAX_MEAN = 30;
/** Probabilities are kept until the rest of the tail is below this (far under a 32-bit word's step). */
const TAIL = 1e-17;
/** A delay day expecting at least this many units a day is drawn as a count, below it per unit. */
const HEAVY_MEAN = 1;
/**
 * A light delay beyond every horizon lands beyond the day's horizon whatever it is: all such delays are
 * one outcome, so a light law has at most MAX_HORIZON_DAYS + 1 outcomes however long the turnaround.
 */
const BEYOND_EVERY_HORIZON = MAX_HORIZON_DAYS + 1;
/**
 * Guide entries per law, as bits: the hot laws (a word per heavy delay day and per light unit) get
 * enough that nearly every word is answered by its entry; the once-a-day counts, of which there is a
 * law per day left in the horizon, get small ones.
 */
const HEAVY_GUIDE_BITS = 10;
const LIGHT_GUIDE_BITS = 12;
const COUNT_GUIDE_BITS = 6;

export interface DelayCounts {
  /** Heavy delays (≥ 1 day, ascending); delay 0 comes back the same day and changes nothing. */
  delays: Int32Array;
  /** Mean units per day coming back after delays[i]. */
  means: Float64Array;
  /** Law i: the Poisson count coming back after delays[i]; none above TABLE_MAX_MEAN (drawn by PTRS). */
  counts: WordLaws;
  /** withinCount[r]: how many of `delays` are ≤ r; r ≥ length: all of them. */
  withinCount: Int32Array;
  /** Every heavy delay's count has a law (no mean above TABLE_MAX_MEAN), so a day's draws can be one block of words. */
  allTabled: boolean;
  /** Mean units a day coming back after a light delay (≥ 1 day). */
  lightMean: number;
  /** Law 0: Poisson(lightMean); none above TABLE_MAX_MEAN. */
  lightCount: WordLaws;
  /** A light unit's delay: lightDelays[outcome of law 0 of `light`]. */
  lightDelays: Int32Array;
  light: WordLaws;
  /** goneMean[r]: mean units a day neither drawn per unit nor back within r days (lost, or a heavy delay beyond r); r ≥ length: the last. */
  goneMean: Float64Array;
  /** Law r: Poisson(goneMean[r]); none above TABLE_MAX_MEAN or at 0 (PTRS, or 0). */
  gone: WordLaws;
}

/** P(X = k) for X ~ Poisson(mean), k = 0.. until the rest is negligible, normalised; empty above TABLE_MAX_MEAN or at 0. */
function poissonPmf(mean: number): Float64Array {
  if (!(mean > 0 && mean <= TABLE_MAX_MEAN)) return new Float64Array(0);
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

/** Poisson laws of the given means, as word laws. */
function poissonLaws(means: ArrayLike<number>, guideBits: number): WordLaws {
  return wordLaws(Array.from(means, poissonPmf), guideBits);
}

export function delayCounts(table: DelayTable, dailyFailures: number, returnShare: number): DelayCounts {
  const delays: number[] = [];
  const means: number[] = [];
  const lightDelays: number[] = [];
  const lightMeans: number[] = [];
  for (let d = 1; d < table.pmf.length; d++) {
    const mean = dailyFailures * returnShare * table.pmf[d];
    if (!(mean > 0)) continue;
    if (mean >= HEAVY_MEAN) {
      delays.push(d);
      means.push(mean);
    } else if (d < BEYOND_EVERY_HORIZON) {
      lightDelays.push(d);
      lightMeans.push(mean);
    } else if (lightDelays[lightDelays.length - 1] === BEYOND_EVERY_HORIZON) {
      lightMeans[lightMeans.length - 1] += mean;
    } else {
      lightDelays.push(BEYOND_EVERY_HORIZON);
      lightMeans.push(mean);
    }
  }
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
  const counts = poissonLaws(means, HEAVY_GUIDE_BITS);
  return {
    delays: Int32Array.from(delays),
    means: Float64Array.from(means),
    counts,
    withinCount,
    allTabled: means.every((_, i) => hasWordLaw(counts, i)),
    lightMean,
    lightCount: poissonLaws([lightMean], COUNT_GUIDE_BITS),
    lightDelays: Int32Array.from(lightDelays),
    light: wordLaws([lightMeans], LIGHT_GUIDE_BITS),
    goneMean,
    gone: poissonLaws(goneMean, COUNT_GUIDE_BITS),
  };
}

/** Law i of Poisson laws of mean `mean`: one word, else PTRS (0 for a mean of 0). */
function drawPoisson(laws: WordLaws, i: number, mean: number, rng: RandomStream): number {
  return hasWordLaw(laws, i) ? drawWordLaw(laws, i, rng.nextUint32()) : rng.poisson(mean);
}

/** The count coming back after heavy delays[i] today. */
export function drawDelayCount(counts: DelayCounts, i: number, rng: RandomStream): number {
  return drawPoisson(counts.counts, i, counts.means[i], rng);
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
    const laws = counts.counts;
    rng.fillUint32(words, n);
    for (let i = 0; i < n; i++) {
      const units = drawWordLaw(laws, i, words[i]);
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
    const light = drawPoisson(counts.lightCount, 0, lightMean, rng);
    const { lightDelays } = counts;
    const lightLaw = counts.light;
    // One word per unit, taken in blocks of the scratch's size.
    for (let done = 0; done < light; ) {
      const block = light - done < words.length ? light - done : words.length;
      rng.fillUint32(words, block);
      for (let w = 0; w < block; w++) {
        const delay = lightDelays[drawWordLaw(lightLaw, 0, words[w])];
        calendar[delay <= within ? at + delay : beyond] += 1;
      }
      done += block;
    }
    failed += light;
  }
  const r = goneIndex(counts, within);
  const gone = drawPoisson(counts.gone, r, counts.goneMean[r], rng);
  calendar[beyond] += gone;
  return failed + gone;
}
