/** Rounding for responses only; the math keeps full precision. Projections are estimates, so plain numbers. */
import type { MetricResult } from './metric';
import type { DailyProjection, HorizonTotals } from './simulator';
import type { Spread } from './spread';

export function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/** Counts of machines or parts: 2 decimals, more for small values so 4 significant digits survive (0.8069). */
export function roundCount(value: number): number {
  if (value === 0) return 0;
  const decimals = Math.max(2, 3 - Math.floor(Math.log10(Math.abs(value))));
  return roundTo(value, Math.min(decimals, 12));
}

export const roundUsd = (value: number): number => roundTo(value, 2);
export const roundHashrate = (value: number): number => roundTo(value, 1);
export const roundAvailability = (value: number): number => roundTo(value, 6);

export interface SteadyStateView {
  basis: MetricResult['basis'];
  expectedIdleMachines: number;
  availability: number;
  lostHashrateThs: number;
  lostRevenueUsdPerDay: number;
  netLossUsdPerDay?: number;
  powerCostAvoidedUsdPerDay?: number;
  idleHostingUsdPerDay?: number;
  byComponent: {
    component: string;
    basis: MetricResult['basis'];
    pipelineMean: number;
    expectedBackorders: number;
    spares: number;
    lostHashrateThs: number;
    lostRevenueUsdPerDay: number;
  }[];
  byCenter: { center: string | null; expectedIdleMachines: number; lostHashrateThs: number; lostRevenueUsdPerDay: number }[];
}

const optionalUsd = (value?: number) => (value === undefined ? undefined : roundUsd(value));

/** The contract's `steadyState` object; optional money fields are left out when their inputs were not given. */
export function formatSteadyState(result: MetricResult): SteadyStateView {
  const view: SteadyStateView = {
    basis: result.basis,
    expectedIdleMachines: roundCount(result.expectedIdleMachines),
    availability: roundAvailability(result.availability),
    lostHashrateThs: roundHashrate(result.lostHashrateThs),
    lostRevenueUsdPerDay: roundUsd(result.lostRevenueUsdPerDay),
    netLossUsdPerDay: optionalUsd(result.netLossUsdPerDay),
    powerCostAvoidedUsdPerDay: optionalUsd(result.powerCostAvoidedUsdPerDay),
    idleHostingUsdPerDay: optionalUsd(result.idleHostingUsdPerDay),
    byComponent: result.byComponent.map((c) => ({
      component: c.component,
      basis: c.basis,
      pipelineMean: roundCount(c.pipelineMean),
      expectedBackorders: roundCount(c.expectedBackorders),
      spares: c.spares,
      lostHashrateThs: roundHashrate(c.lostHashrateThs),
      lostRevenueUsdPerDay: roundUsd(c.lostRevenueUsdPerDay),
    })),
    byCenter: result.byCenter.map((c) => ({
      center: c.center,
      expectedIdleMachines: roundCount(c.expectedIdleMachines),
      lostHashrateThs: roundHashrate(c.lostHashrateThs),
      lostRevenueUsdPerDay: roundUsd(c.lostRevenueUsdPerDay),
    })),
  };
  for (const field of ['netLossUsdPerDay', 'powerCostAvoidedUsdPerDay', 'idleHostingUsdPerDay'] as const) {
    if (view[field] === undefined) delete view[field];
  }
  return view;
}

/** One `daily` item: machines as counts, hashrate to 0.1 TH/s, money to the cent. */
export function formatDaily(day: DailyProjection): DailyProjection {
  return {
    day: day.day,
    idleMean: roundCount(day.idleMean),
    idleP10: day.idleP10,
    idleP50: day.idleP50,
    idleP90: day.idleP90,
    lostHashrateThsMean: roundHashrate(day.lostHashrateThsMean),
    lostHashrateThsP10: roundHashrate(day.lostHashrateThsP10),
    lostHashrateThsP50: roundHashrate(day.lostHashrateThsP50),
    lostHashrateThsP90: roundHashrate(day.lostHashrateThsP90),
    lostUsdMean: roundUsd(day.lostUsdMean),
    lostUsdP10: roundUsd(day.lostUsdP10),
    lostUsdP50: roundUsd(day.lostUsdP50),
    lostUsdP90: roundUsd(day.lostUsdP90),
  };
}

const mapSpread = (spread: Spread, round: (value: number) => number): Spread => ({
  mean: round(spread.mean),
  p10: round(spread.p10),
  p50: round(spread.p50),
  p90: round(spread.p90),
});

export function formatTotals(totals: HorizonTotals): HorizonTotals {
  return {
    idleMachineDays: mapSpread(totals.idleMachineDays, roundCount),
    lostThDays: mapSpread(totals.lostThDays, roundHashrate),
    lostUsd: mapSpread(totals.lostUsd, roundUsd),
  };
}
