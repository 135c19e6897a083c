import fc from 'fast-check';
import { delayTable } from './delay-table';
import { RandomStream } from './rng';
import { drawWordLaw, hasWordLaw, MAX_WORD_LAW_OUTCOMES, wordLaws } from './word-laws';

const TWO_POW_32 = 4294967296;

/** The outcome by plain inversion: the least k whose cumulative probability, in words, exceeds the word. */
function inverted(pmf: number[], word: number): number {
  const total = pmf.reduce((sum, p) => sum + p, 0);
  let cumulative = 0;
  for (let k = 0; k < pmf.length - 1; k++) {
    cumulative += pmf[k];
    if (word < Math.min(TWO_POW_32, Math.round((cumulative / total) * TWO_POW_32))) return k;
  }
  return pmf.length - 1;
}

describe('wordLaws', () => {
  it('draws, for any word, the outcome plain inversion of the law gives (guide entries answered or scanned)', () => {
    const pmf = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-12, max: 1, noNaN: true })), { minLength: 1, maxLength: 300 })
      .filter((p) => p.some((x) => x > 0));
    fc.assert(
      fc.property(fc.array(pmf, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 12 }), fc.array(fc.nat({ max: TWO_POW_32 - 1 }), { maxLength: 50 }),
        (pmfs, bits, words) => {
          const laws = wordLaws(pmfs, bits);
          pmfs.forEach((law, i) => {
            for (const word of [0, TWO_POW_32 - 1, ...words]) expect(drawWordLaw(laws, i, word)).toBe(inverted(law, word));
          });
        }),
      { numRuns: 200 },
    );
  });

  it('never draws an outcome of probability 0, even at the words next to its neighbours', () => {
    const laws = wordLaws([[0.5, 0, 0.5]], 4);
    for (const word of [0, TWO_POW_32 / 2 - 1, TWO_POW_32 / 2, TWO_POW_32 - 1]) expect(drawWordLaw(laws, 0, word)).not.toBe(1);
  });

  it('draws a delay table with its probabilities from a stream of words', () => {
    const table = delayTable({ turnaroundDays: 10, customs: { holdProbability: 0.5, meanHoldDays: 5 } }, { kind: 'lognormal', cv: 0.4 });
    const laws = wordLaws([table.pmf], 8);
    const rng = new RandomStream(4);
    const counts = new Float64Array(table.pmf.length);
    const n = 200_000;
    for (let i = 0; i < n; i++) counts[drawWordLaw(laws, 0, rng.nextUint32())]++;
    let mean = 0;
    table.pmf.forEach((p, k) => {
      expect(Math.abs(counts[k] / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n) + 1e-6);
      mean += (counts[k] / n) * k;
    });
    expect(mean).toBeCloseTo(table.mean, 1);
  });

  it('keeps empty laws as nothing to draw, and refuses more outcomes than its guide can name', () => {
    const laws = wordLaws([[1], [], [0.25, 0.75]], 3);
    expect([0, 1, 2].map((i) => hasWordLaw(laws, i))).toEqual([true, false, true]);
    expect(drawWordLaw(laws, 2, TWO_POW_32 / 4)).toBe(1);
    expect(() => wordLaws([new Float64Array(MAX_WORD_LAW_OUTCOMES + 1).fill(1)], 3)).toThrow(RangeError);
  });
});
