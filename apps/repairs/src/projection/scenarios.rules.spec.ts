import { ProjectionInputError } from './errors';
import { makerOfModel } from './maker.rules';
import { metricProjection } from './metric';
import type { PoolParameters } from './projection.types';
import { SCENARIO_SEEDS } from './scenario-seeds';
import { applyScenario, dateOfDay, isCutOff, ScenarioDefinition, scenarioProblems, scenarioShift, scenarioStartDay } from './scenarios.rules';
import { simulate } from './simulator';

const seed = (name: string): ScenarioDefinition => SCENARIO_SEEDS.find((s) => s.name === name) as ScenarioDefinition;

const fleet: PoolParameters[] = (['psu', 'fan', 'hashboard'] as const).map((component) => ({
  component,
  center: 'AR-REPAIR',
  maker: makerOfModel('S21'),
  origin: 'CN',
  machines: 10000,
  annualFailureRate: component === 'fan' ? 0.2 : 0.1,
  turnaroundDays: 21,
  spares: 60,
  hashrateThsPerMachine: 200,
}));

describe('scenario seeds', () => {
  it('are three valid built-ins with unique names', () => {
    expect(SCENARIO_SEEDS.map((s) => s.name)).toEqual(['baseline', 'regulatory', 'sanctions']);
    for (const scenario of SCENARIO_SEEDS) {
      expect(scenarioProblems(scenario)).toEqual([]);
      expect(scenario.builtIn).toBe(true);
    }
  });

  it('order expected idle machines baseline < regulatory < sanctions, analytically', () => {
    const idle = SCENARIO_SEEDS.map(
      (scenario) =>
        metricProjection({ pools: applyScenario(fleet, scenario, 0), hashpriceUsdPerThDay: 0.05, horizonDays: 90 })
          .expectedIdleMachines,
    );
    expect(idle[0]).toBeLessThan(idle[1]);
    expect(idle[1]).toBeLessThan(idle[2]);
  });

  it('order them the same way in the Monte Carlo, day by day at the horizon and in total', () => {
    const results = SCENARIO_SEEDS.map((scenario) =>
      simulate({ pools: applyScenario(fleet, scenario, 0), hashpriceUsdPerThDay: 0.05, horizonDays: 90, runs: 300, seed: 3 }),
    );
    const lastDay = results.map((r) => r.daily[89].idleMean);
    const total = results.map((r) => r.totals.idleMachineDays.mean);
    expect(lastDay[0]).toBeLessThan(lastDay[1]);
    expect(lastDay[1]).toBeLessThan(lastDay[2]);
    expect(total[0]).toBeLessThan(total[1]);
    expect(total[1]).toBeLessThan(total[2]);
  });
});

describe('scenarioProblems', () => {
  it('names every bad field', () => {
    const bad = {
      ...seed('sanctions'),
      name: 'Bad Name',
      startDate: '2025-02-30',
      holdProbability: 1.5,
      meanHoldDays: -1,
      secondSupplierShare: 2,
      cutOffOrigins: ['CHN'],
    };
    expect(scenarioProblems(bad)).toEqual([
      'name must be 1–64 lowercase letters, digits, "_" or "-"',
      'startDate must be a date YYYY-MM-DD',
      'holdProbability must be between 0 and 1',
      'meanHoldDays must be >= 0',
      'secondSupplierShare must be between 0 and 1',
      'cutOffOrigins must be a list of ISO 3166-1 alpha-2 countries',
    ]);
    expect(() => applyScenario(fleet, bad, 0)).toThrow(ProjectionInputError);
  });
});

describe('scenarioStartDay', () => {
  it('counts days from today, day 1 being tomorrow', () => {
    expect(scenarioStartDay('2025-06-01')).toBe(0);
    expect(scenarioStartDay('2025-06-01', '2025-06-01')).toBe(0);
    expect(scenarioStartDay('2025-06-01', '2025-06-02')).toBe(1);
    expect(scenarioStartDay('2025-06-01', '2025-07-01')).toBe(30);
    expect(scenarioStartDay('2025-06-01', '2025-05-30')).toBe(-2);
  });

  it('is undone by dateOfDay, across month and year ends', () => {
    expect(dateOfDay('2025-06-01', 1)).toBe('2025-06-02');
    expect(dateOfDay('2025-06-01', 30)).toBe('2025-07-01');
    expect(dateOfDay('2025-12-31', 1)).toBe('2026-01-01');
    for (const day of [1, 29, 365]) expect(scenarioStartDay('2024-02-28', dateOfDay('2024-02-28', day))).toBe(day);
  });
});

describe('scenarioShift', () => {
  it('adds lead time and the scenario’s holds to a pool it does not cut', () => {
    const shift = scenarioShift(fleet[0], seed('regulatory'), 5);
    expect(shift).toEqual({ startDay: 5, cutOff: false, regime: { turnaroundDays: 35, customs: { holdProbability: 0.3, meanHoldDays: 14 }, returnShare: 1 } });
  });

  it('cuts pools by maker or origin, case-insensitively, re-sourcing the second supplier’s share', () => {
    const sanctions = seed('sanctions');
    expect(isCutOff({ maker: 'bitmain' }, sanctions)).toBe(true);
    expect(isCutOff({ maker: 'MicroBT', origin: 'CN' }, sanctions)).toBe(false);
    expect(isCutOff({ maker: 'MicroBT', origin: 'cn' }, { ...sanctions, cutOffOrigins: ['CN'] })).toBe(true);
    expect(isCutOff({}, sanctions)).toBe(false);
    const shift = scenarioShift(fleet[0], sanctions, 0);
    expect(shift.cutOff).toBe(true);
    expect(shift.regime).toEqual({ turnaroundDays: 60, customs: { holdProbability: 0.5, meanHoldDays: 28 }, returnShare: 0.3 });
  });

  it('leaves the base parameters in place for the days before the start', () => {
    const [pool] = applyScenario([fleet[0]], seed('regulatory'), 10);
    expect(pool.turnaroundDays).toBe(21);
    expect(pool.shift?.startDay).toBe(10);
  });
});
