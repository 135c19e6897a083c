import { ProjectionInputError, ProjectionLimitError } from './errors';
import { CONTRACT_PSU_POOL } from '../../test/contract-pool';
import { metricProjection } from './metric';
import type { SimulationInput, SimulationPool } from './simulation-input';
import { RandomStream } from './rng';
import { simulate } from './simulator';

const psu: SimulationPool = CONTRACT_PSU_POOL;
const base: SimulationInput = { pools: [psu], horizonDays: 90, runs: 200, seed: 7, hashpriceUsdPerThDay: 0.05 };

/** Mean daily idle over the days after warm-up. */
function settledIdle(input: SimulationInput, warmUpDays: number): number {
  const settled = simulate(input).daily.filter((d) => d.day > warmUpDays);
  return settled.reduce((sum, d) => sum + d.idleMean, 0) / settled.length;
}

describe('simulate: agreement with METRIC after warm-up', () => {
  const cases: [string, SimulationPool, SimulationInput['turnaroundDistribution']][] = [
    ['the contract example (T = 25.2, 50 spares)', psu, undefined],
    ['4,000 machines, T = 36.5, 40 spares', { ...psu, machines: 4000, turnaroundDays: 36.5, customs: undefined, spares: 40 }, undefined],
    ['a small pool (300 machines, 2 spares)', { ...psu, machines: 300, annualFailureRate: 0.4, turnaroundDays: 20, spares: 2 }, { kind: 'exponential' }],
    ['a pool drawn per delay day (λ above the table size)', { ...psu, machines: 100_000, turnaroundDays: 5, customs: undefined, spares: 130 }, { kind: 'deterministic' }],
  ];

  it.each(cases)('%s: daily mean idle within 3%% of EBO', (_, pool, turnaroundDistribution) => {
    const analytic = metricProjection({ pools: [pool], hashpriceUsdPerThDay: 0.05 });
    const delay = analytic.byPool[0].effectiveTurnaroundDays;
    // Lognormal tails need several mean turnarounds before the pipeline is in steady state.
    const warmUp = Math.ceil(4 * delay);
    const simulated = settledIdle(
      { ...base, pools: [pool], horizonDays: 730, runs: 1000, seed: 2024, turnaroundDistribution },
      warmUp,
    );
    expect(Math.abs(simulated / analytic.expectedIdleMachines - 1)).toBeLessThan(0.03);
  });
});

describe('simulate: determinism and output', () => {
  it('gives byte-identical output for the same input and seed', () => {
    expect(JSON.stringify(simulate(base))).toBe(JSON.stringify(simulate(base)));
    expect(JSON.stringify(simulate({ ...base, seed: 8 }))).not.toBe(JSON.stringify(simulate(base)));
  });

  it('answers one item per day with ordered percentiles and consistent money', () => {
    const result = simulate(base);
    expect(result.daily.map((d) => d.day)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    for (const d of result.daily) {
      expect(d.idleP10).toBeLessThanOrEqual(d.idleP50);
      expect(d.idleP50).toBeLessThanOrEqual(d.idleP90);
      expect(Number.isInteger(d.idleP50)).toBe(true);
      expect(d.lostHashrateThsP90).toBe(d.idleP90 * 200);
      expect(d.lostUsdMean).toBeCloseTo(d.lostHashrateThsMean * 0.05, 9);
    }
    const idleDays = result.daily.reduce((sum, d) => sum + d.idleMean, 0);
    expect(result.totals.idleMachineDays.mean).toBeCloseTo(idleDays, 6);
    expect(result.totals.lostUsd.mean).toBeCloseTo(result.totals.lostThDays.mean * 0.05, 6);
    expect(result.byPool).toEqual([
      { key: 'psu@*', idleMeanLastDay: result.daily[89].idleMean, idleMachineDaysMean: expect.closeTo(idleDays, 6) },
    ]);
  });

  it('weights idle machines by the hashrate a failure loses', () => {
    const pools = [psu, { ...psu, component: 'hashboard' as const, hashrateLossFraction: 1 / 3, hashrateThsPerMachine: 300 }];
    const result = simulate({ ...base, pools });
    const last = result.daily[89];
    const expected = result.byPool[0].idleMeanLastDay * 200 + result.byPool[1].idleMeanLastDay * 100;
    expect(last.lostHashrateThsMean).toBeCloseTo(expected, 6);
  });
});

describe('simulate: live state', () => {
  const still: SimulationPool = { ...psu, annualFailureRate: 0, spares: 0 };

  it('starts from open backorders and fills them as the pipeline returns', () => {
    const pools = [{ ...still, initial: { onHand: 0, openBackorders: 5, pipeline: [{ dueInDays: 3, units: 2 }, { dueInDays: 0, units: 1 }] } }];
    const idle = simulate({ ...base, pools, horizonDays: 5, runs: 3 }).daily.map((d) => d.idleMean);
    expect(idle).toEqual([4, 4, 2, 2, 2]);
  });

  it('does not fill today’s waiting machines from spares on hand (those sit at other centers), only from arrivals', () => {
    const pools = [{ ...still, spares: 10, initial: { onHand: 10, openBackorders: 3, pipeline: [{ dueInDays: 4, units: 2 }] } }];
    const idle = simulate({ ...base, pools, horizonDays: 5, runs: 2 }).daily.map((d) => d.idleMean);
    expect(idle).toEqual([3, 3, 3, 1, 1]);
  });

  it('puts released held shipments on the shelf, on average after the mean remaining dwell', () => {
    const pools = [{ ...still, initial: { openBackorders: 4, heldShipments: [{ units: 4, meanRemainingDwellDays: 10 }] } }];
    const result = simulate({ ...base, pools, horizonDays: 200, runs: 5000 });
    expect(result.daily[0].idleP90).toBe(4);
    expect(result.daily[199].idleMean).toBe(0);
    // Machines wait until the day before the release day, max(1, stochastic round of Exp(10)): mean 10.048 − 1.
    expect(result.totals.idleMachineDays.mean / 4).toBeCloseTo(9.05, 0);
  });
});

describe('simulate: scenarios', () => {
  const regulatory = { turnaroundDays: 35, customs: { holdProbability: 0.6, meanHoldDays: 21 }, returnShare: 1 };

  it('changes nothing before a mid-horizon scenario starts, and more after', () => {
    const shifted = { ...base, pools: [{ ...psu, shift: { startDay: 30, cutOff: false, regime: regulatory } }] };
    const [before, after] = [simulate(base).daily, simulate(shifted).daily];
    expect(after.slice(0, 29)).toEqual(before.slice(0, 29));
    expect(after[89].idleMean).toBeGreaterThan(before[89].idleMean);
  });

  it('keeps paths identical before a cut-off too', () => {
    const cut = { startDay: 45, cutOff: true, regime: { ...regulatory, returnShare: 0.3 } };
    const [before, after] = [simulate(base).daily, simulate({ ...base, pools: [{ ...psu, shift: cut }] }).daily];
    expect(after.slice(0, 44)).toEqual(before.slice(0, 44));
    expect(after[89].idleMean).toBeGreaterThan(before[89].idleMean + 50);
  });

  it('matches METRIC’s horizon-end answer after a full cut-off', () => {
    const cut = { startDay: 1, cutOff: true, regime: { ...regulatory, returnShare: 0 } };
    const pool = { ...psu, spares: 100, shift: cut };
    const analytic = metricProjection({ pools: [{ ...pool, pipelineAtStart: 0 }], hashpriceUsdPerThDay: 0.05, horizonDays: 90 });
    expect(analytic.basis).toBe('horizon_end');
    const simulated = simulate({ ...base, pools: [pool], runs: 2000 }).daily[89].idleMean;
    expect(Math.abs(simulated / analytic.expectedIdleMachines - 1)).toBeLessThan(0.03);
  });

  it('re-sources the second supplier’s share of a cut supply', () => {
    const rate = (10000 * 0.1) / 365;
    const cut = { startDay: 1, cutOff: true, regime: { turnaroundDays: 30, customs: { holdProbability: 0, meanHoldDays: 0 }, returnShare: 0.4 } };
    const pool = { ...psu, spares: 0, shift: cut };
    const result = simulate({ ...base, pools: [pool], runs: 2000, turnaroundDistribution: { kind: 'deterministic' } });
    // With no spares, idle = pipeline: 60% of 90 days of failures never return, 40% stay out 30 days.
    expect(result.daily[89].idleMean / (rate * (0.6 * 90 + 0.4 * 30))).toBeCloseTo(1, 1);
  });
});

describe('simulate: limits and validation', () => {
  it('accepts the contract’s largest sizes', () => {
    const small = { ...psu, machines: 100 };
    expect(simulate({ ...base, pools: [small], horizonDays: 730, runs: 1369 }).daily).toHaveLength(730);
  });

  it('throws a limit error beyond them', () => {
    expect(() => simulate({ ...base, horizonDays: 731, runs: 1 })).toThrow(ProjectionLimitError);
    expect(() => simulate({ ...base, horizonDays: 500, runs: 2001 })).toThrow(ProjectionLimitError);
  });

  it('throws an input error for impossible values', () => {
    expect(() => simulate({ ...base, runs: 0 })).toThrow(ProjectionInputError);
    expect(() => simulate({ ...base, seed: 1.5 })).toThrow(ProjectionInputError);
    expect(() => simulate({ ...base, pools: [{ ...psu, initial: { openBackorders: -1 } }] })).toThrow(ProjectionInputError);
    expect(() => simulate({ ...base, turnaroundDistribution: { kind: 'lognormal', cv: 0 } })).toThrow(ProjectionInputError);
  });
});

describe('simulate: work against fleet size (draws counted, not timed: speed is the bench’s)', () => {
  /** Every 32-bit word the simulator takes from its streams, stream set-up included. */
  function wordsDrawn(input: SimulationInput): number {
    let words = 0;
    class CountingStream extends RandomStream {
      override nextUint32(): number {
        words++;
        return super.nextUint32();
      }
      override fillUint32(out: Uint32Array, n: number): void {
        words += n;
        super.fillUint32(out, n);
      }
    }
    simulate(input, { stream: (...ids) => new CountingStream(...ids) });
    return words;
  }
  const cut = { startDay: 60, cutOff: true, regime: { turnaroundDays: 35, customs: { holdProbability: 0.6, meanHoldDays: 21 }, returnShare: 0.3 } };
  const fleet = (machines: number): SimulationInput => ({
    ...base,
    horizonDays: 180,
    runs: 20,
    pools: ['AR-REPAIR', 'ND-REPAIR', 'OK-REPAIR'].flatMap((center) =>
      (['psu', 'fan', 'hashboard', 'control_board'] as const).map((component, i) => ({
        ...psu, component, center, machines: Math.round(machines / 3), spares: Math.round(machines / 400), turnaroundDays: [14, 10, 30, 21][i],
        ...(center === 'OK-REPAIR' ? { shift: cut } : {}),
      })),
    ),
  });

  it('draws per unit for a small fleet and at most a few words per delay day left for any fleet', () => {
    const poolDays = 12 * 20 * 180;
    const perPoolDay = (machines: number) => wordsDrawn(fleet(machines)) / poolDays;
    // 10,000 machines fail about one unit a pool-day: a word per unit and a few for the day's counts.
    expect(perPoolDay(10_000)).toBeLessThan(5);
    // 180 − day delay days are left on a day, 90.5 on average; at 1M the tail days that see less than a
    // unit a day are drawn per unit, so well under one word each.
    expect(perPoolDay(1_000_000)).toBeLessThan(90.5 / 2);
    // Beyond, every delay day is a count: one word from its Poisson law's table, about 2.3 from PTRS above a mean of 30.
    const [hundredMillion, billion] = [perPoolDay(100_000_000), perPoolDay(1_000_000_000)];
    expect(billion).toBeLessThan(2.5 * 90.5);
    expect(billion / hundredMillion).toBeLessThan(1.5);
  });

  it('draws the same output with and without a probe', () => {
    const input = fleet(300_000);
    expect(JSON.stringify(simulate(input, { stream: (...ids) => new RandomStream(...ids) }))).toBe(JSON.stringify(simulate(input)));
  });
});
