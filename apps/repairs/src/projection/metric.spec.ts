import fc from 'fast-check';
import { CONTRACT_PSU_POOL } from '../../test/contract-pool';
import { ProjectionInputError } from './errors';
import { metricProjection, MetricPool, poolPipeline } from './metric';
import { formatSteadyState } from './output-format';
import { expectedBackorders } from './poisson';

const contractPool: MetricPool = CONTRACT_PSU_POOL;

describe('metricProjection', () => {
  it('reproduces the contract response for 10,000 machines', () => {
    const result = metricProjection({ pools: [contractPool], hashpriceUsdPerThDay: 0.05 });
    expect(result.byPool[0].effectiveTurnaroundDays).toBeCloseTo(25.2, 12);
    expect(formatSteadyState(result)).toEqual({
      basis: 'steady_state',
      expectedIdleMachines: 19.06,
      availability: 0.998094,
      lostHashrateThs: 3812.3,
      lostRevenueUsdPerDay: 190.62,
      byComponent: [
        {
          component: 'psu',
          basis: 'steady_state',
          pipelineMean: 69.04,
          expectedBackorders: 19.06,
          spares: 50,
          lostHashrateThs: 3812.3,
          lostRevenueUsdPerDay: 190.62,
        },
      ],
      byCenter: [{ center: null, expectedIdleMachines: 19.06, lostHashrateThs: 3812.3, lostRevenueUsdPerDay: 190.62 }],
    });
  });

  it('reproduces the 4,000-machine example with 45 and 40 spares', () => {
    const pool = { ...contractPool, machines: 4000, turnaroundDays: 36.5, customs: undefined };
    const with45 = metricProjection({ pools: [{ ...pool, spares: 45 }], hashpriceUsdPerThDay: 0.05 });
    expect(with45.byPool[0].pipelineMean).toBeCloseTo(40, 12);
    expect(with45.expectedIdleMachines).toBeCloseTo(0.807, 3);
    expect(formatSteadyState(with45).expectedIdleMachines).toBe(0.8069);
    const with40 = metricProjection({ pools: [{ ...pool, spares: 40 }], hashpriceUsdPerThDay: 0.05 });
    expect(formatSteadyState(with40).expectedIdleMachines).toBe(2.518);
  });

  it('sums components, counts fleet machines once and groups by center', () => {
    const pools: MetricPool[] = [
      { ...contractPool, center: 'AR-REPAIR', machines: 6000 },
      { ...contractPool, center: 'ND-REPAIR', machines: 4000 },
      { ...contractPool, component: 'fan', center: 'AR-REPAIR', machines: 6000, annualFailureRate: 0.3, spares: 10 },
      { ...contractPool, component: 'fan', center: 'ND-REPAIR', machines: 4000, annualFailureRate: 0.3, spares: 10 },
    ];
    const result = metricProjection({ pools, hashpriceUsdPerThDay: 0.05 });
    expect(result.fleetMachines).toBe(10000);
    const idle = result.byPool.reduce((sum, p) => sum + p.expectedBackorders, 0);
    expect(result.expectedIdleMachines).toBeCloseTo(idle, 12);
    expect(result.availability).toBeCloseTo(1 - idle / 10000, 12);
    expect(result.byComponent.map((c) => c.component)).toEqual(['psu', 'fan']);
    expect(result.byCenter.map((c) => c.center)).toEqual(['AR-REPAIR', 'ND-REPAIR']);
    const ar = result.byCenter[0];
    expect(ar.expectedIdleMachines).toBeCloseTo(result.byPool[0].expectedBackorders + result.byPool[2].expectedBackorders, 12);
  });

  it('scales lost hashrate by the loss fraction and reports net loss when power is priced', () => {
    const result = metricProjection({
      pools: [{ ...contractPool, hashrateLossFraction: 1 / 3 }],
      hashpriceUsdPerThDay: 0.05,
      powerPriceUsdPerKwh: 0.05,
      powerWPerMachine: 3500,
      hostingFeeUsdPerMachineDay: 1.5,
    });
    const ebo = result.expectedIdleMachines;
    expect(result.lostHashrateThs).toBeCloseTo((ebo * 200) / 3, 9);
    const avoided = (((ebo / 3) * 3500 * 24) / 1000) * 0.05;
    expect(result.powerCostAvoidedUsdPerDay).toBeCloseTo(avoided, 9);
    expect(result.netLossUsdPerDay).toBeCloseTo(result.lostRevenueUsdPerDay - avoided, 9);
    expect(result.idleHostingUsdPerDay).toBeCloseTo(ebo * 1.5, 9);
  });

  it('names every bad field at once', () => {
    const bad = { ...contractPool, machines: -1, spares: 1.5, customs: { holdProbability: 2, meanHoldDays: 1 } };
    try {
      metricProjection({ pools: [bad], hashpriceUsdPerThDay: -1 });
      throw new Error('expected a ProjectionInputError');
    } catch (error) {
      expect(error).toBeInstanceOf(ProjectionInputError);
      const details = (error as ProjectionInputError).details;
      expect(details).toEqual(
        expect.arrayContaining([
          'pools[0].machines must be an integer >= 0',
          'pools[0].spares must be an integer >= 0',
          'pools[0].customs.holdProbability must be between 0 and 1',
        ]),
      );
    }
    expect(() => metricProjection({ pools: [contractPool], hashpriceUsdPerThDay: -1 })).toThrow(ProjectionInputError);
    expect(() => metricProjection({ pools: [], hashpriceUsdPerThDay: 1 })).toThrow(ProjectionInputError);
  });

  it('never answers NaN or Infinity for valid input', () => {
    const pool = fc.record({
      machines: fc.integer({ min: 0, max: 500_000 }),
      annualFailureRate: fc.double({ min: 0, max: 3, noNaN: true }),
      turnaroundDays: fc.double({ min: 0, max: 400, noNaN: true }),
      spares: fc.integer({ min: 0, max: 5000 }),
      holdProbability: fc.double({ min: 0, max: 1, noNaN: true }),
      cut: fc.boolean(),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      startDay: fc.integer({ min: -5, max: 800 }),
    });
    fc.assert(
      fc.property(pool, fc.integer({ min: 1, max: 730 }), (p, horizonDays) => {
        const result = metricProjection({
          horizonDays,
          hashpriceUsdPerThDay: 0.05,
          pools: [
            {
              ...contractPool,
              ...p,
              customs: { holdProbability: p.holdProbability, meanHoldDays: 20 },
              shift: {
                startDay: p.startDay,
                cutOff: p.cut,
                regime: { turnaroundDays: 60, customs: { holdProbability: 0.5, meanHoldDays: 30 }, returnShare: p.cut ? p.share : 1 },
              },
            },
          ],
        });
        for (const value of [result.expectedIdleMachines, result.availability, result.lostRevenueUsdPerDay]) {
          expect(Number.isFinite(value)).toBe(true);
        }
        expect(result.expectedIdleMachines).toBeLessThanOrEqual(p.machines);
        expect(result.availability).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('poolPipeline under a scenario', () => {
  const regulatory = { turnaroundDays: 35, customs: { holdProbability: 0.5, meanHoldDays: 20 }, returnShare: 1 };

  it('uses the scenario regime for the steady state when it starts within the horizon', () => {
    const pool = { ...contractPool, shift: { startDay: 10, cutOff: false, regime: regulatory } };
    expect(poolPipeline(pool, 90).pipelineMean).toBeCloseTo(((10000 * 0.1) / 365) * 45, 9);
    expect(poolPipeline(pool, 9).pipelineMean).toBeCloseTo(((10000 * 0.1) / 365) * 25.2, 9);
  });

  it('grows the pipeline linearly after a full cut-off, from the pipeline it had', () => {
    const rate = (10000 * 0.1) / 365;
    const cut = { startDay: 1, cutOff: true, regime: { ...regulatory, returnShare: 0 } };
    const fromSteadyState = poolPipeline({ ...contractPool, shift: cut }, 90);
    expect(fromSteadyState.basis).toBe('horizon_end');
    expect(fromSteadyState.pipelineMean).toBeCloseTo(rate * (25.2 + 90), 9);
    const fromEmpty = poolPipeline({ ...contractPool, pipelineAtStart: 0, shift: cut }, 90);
    expect(fromEmpty.pipelineMean).toBeCloseTo(rate * 90, 9);
  });

  it('counts only the days after a mid-horizon cut, and the second supplier’s share in flight', () => {
    const rate = (10000 * 0.1) / 365;
    const cut = { startDay: 31, cutOff: true, regime: { turnaroundDays: 40, customs: { holdProbability: 0, meanHoldDays: 0 }, returnShare: 0.3 } };
    const result = poolPipeline({ ...contractPool, shift: cut }, 90);
    // 60 cut days: 70% of failures never return; 30% stay out 40 days; the pre-cut pipeline's re-sourced units are back.
    expect(result.pipelineMean).toBeCloseTo(rate * 25.2 * 0.7 + rate * 0.7 * 60 + rate * 0.3 * 40, 9);
  });

  it('is a steady state again when a second supplier covers every failure', () => {
    const cut = { startDay: 1, cutOff: true, regime: { ...regulatory, returnShare: 1 } };
    expect(poolPipeline({ ...contractPool, shift: cut }).basis).toBe('steady_state');
  });

  it('requires a horizon to answer a cut-off', () => {
    const cut = { startDay: 1, cutOff: true, regime: { ...regulatory, returnShare: 0 } };
    expect(() => poolPipeline({ ...contractPool, shift: cut })).toThrow(ProjectionInputError);
  });

  it('makes idle machines the EBO of the horizon-end pipeline', () => {
    const cut = { startDay: 1, cutOff: true, regime: { ...regulatory, returnShare: 0 } };
    const result = metricProjection({ pools: [{ ...contractPool, shift: cut }], hashpriceUsdPerThDay: 0.05, horizonDays: 30 });
    expect(result.basis).toBe('horizon_end');
    expect(result.expectedIdleMachines).toBeCloseTo(expectedBackorders(result.byPool[0].pipelineMean, 50), 12);
  });
});
