import { delayTable, TurnaroundDistribution } from './delay-table';

const noHold = { holdProbability: 0, meanHoldDays: 0 };

describe('delayTable', () => {
  it('splits a deterministic fractional turnaround between its two neighbouring days', () => {
    const table = delayTable({ turnaroundDays: 25.2, customs: noHold }, { kind: 'deterministic' });
    expect(table.pmf[25]).toBeCloseTo(0.8, 12);
    expect(table.pmf[26]).toBeCloseTo(0.2, 12);
    expect(table.mean).toBeCloseTo(25.2, 12);
  });

  it.each<[TurnaroundDistribution, number]>([
    [{ kind: 'deterministic' }, 21],
    [{ kind: 'exponential' }, 21],
    [{ kind: 'lognormal', cv: 0.5 }, 21],
    [{ kind: 'lognormal', cv: 1.5 }, 3.3],
    [{ kind: 'exponential' }, 0.4],
  ])('keeps the mean turnaround plus the expected hold (%j, %p days)', (distribution, turnaroundDays) => {
    const table = delayTable({ turnaroundDays, customs: { holdProbability: 0.3, meanHoldDays: 14 } }, distribution);
    expect(table.pmf.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(table.mean).toBeCloseTo(turnaroundDays + 0.3 * 14, 3);
  });

  it('answers a zero delay for a zero turnaround without holds', () => {
    const table = delayTable({ turnaroundDays: 0, customs: noHold }, { kind: 'lognormal', cv: 0.5 });
    expect(Array.from(table.pmf)).toEqual([1]);
  });
});
