/**
 * Discrete laws drawn by inversion from one 32-bit random word each. Law i draws, for word w, the least
 * k with w < threshold[k], where threshold[k] = round(2^32 · P(X ≤ k)): each outcome keeps its
 * probability to 2^-32, the word's own resolution. A guide table on the word's top bits finds the
 * outcome in one load for most words: an entry whose words all draw the same outcome holds it; the
 * others (at most one per outcome, as each threshold falls inside one entry) hold where the scan of the
 * thresholds starts. One load and a branch that is nearly always taken the same way is about half the
 * cost of Walker's alias method (two loads and a comparison that goes either way at random), which
 * matters where the simulator draws a word per delay day and per unit.
 */

const TWO_POW_32 = 4294967296;
/** Outcomes are stored in an Int16Array as k or −1 − k. */
export const MAX_WORD_LAW_OUTCOMES = 32767;

export interface WordLaws {
  /** Each law has 2^guideBits guide entries; law i's start at i << guideBits. */
  guideBits: number;
  /** k ≥ 0: every word of the entry draws k; negative: −1 − the first outcome the entry may draw. */
  guide: Int16Array;
  /** Law i's thresholds are thresholds[thresholdStart[i] ..], its last is 2^32 (above every word). */
  thresholds: Float64Array;
  /** Law i has no outcomes (nothing to draw from) when thresholdStart[i + 1] = thresholdStart[i]. */
  thresholdStart: Int32Array;
}

/** The laws of `pmfs` (each a probability per outcome 0..length−1, scaled to sum to 1; empty: no law). */
export function wordLaws(pmfs: ArrayLike<number>[], guideBits: number): WordLaws {
  const entries = 1 << guideBits;
  const step = TWO_POW_32 / entries;
  const guide = new Int16Array(pmfs.length * entries);
  const thresholdStart = new Int32Array(pmfs.length + 1);
  const thresholds: number[] = [];
  for (let law = 0; law < pmfs.length; law++) {
    const pmf = pmfs[law];
    thresholdStart[law] = thresholds.length;
    if (pmf.length === 0) continue;
    if (pmf.length > MAX_WORD_LAW_OUTCOMES) throw new RangeError(`a word law has at most ${MAX_WORD_LAW_OUTCOMES} outcomes, not ${pmf.length}`);
    let total = 0;
    for (let k = 0; k < pmf.length; k++) total += pmf[k];
    const own: number[] = [];
    let cumulative = 0;
    for (let k = 0; k < pmf.length - 1; k++) {
      cumulative += pmf[k];
      own.push(Math.min(TWO_POW_32, Math.round((cumulative / total) * TWO_POW_32)));
    }
    own.push(TWO_POW_32);
    thresholds.push(...own);
    for (let entry = 0, k = 0; entry < entries; entry++) {
      const first = entry * step;
      while (own[k] <= first) k++;
      guide[law * entries + entry] = own[k] > first + step - 1 ? k : -1 - k;
    }
  }
  thresholdStart[pmfs.length] = thresholds.length;
  return { guideBits, guide, thresholds: Float64Array.from(thresholds), thresholdStart };
}

/** Whether law i has outcomes to draw. */
export function hasWordLaw(laws: WordLaws, law: number): boolean {
  return laws.thresholdStart[law + 1] > laws.thresholdStart[law];
}

/** Law i's outcome for a 32-bit word (0 ≤ word < 2^32); the law must have outcomes. */
export function drawWordLaw(laws: WordLaws, law: number, word: number): number {
  const bits = laws.guideBits;
  let k = laws.guide[(law << bits) + (word >>> (32 - bits))];
  if (k >= 0) return k;
  k = -1 - k;
  const { thresholds } = laws;
  const from = laws.thresholdStart[law];
  while (word >= thresholds[from + k]) k++;
  return k;
}
