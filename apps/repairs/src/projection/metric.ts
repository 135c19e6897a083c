/**
 * METRIC (Sherbrooke): each pool's pipeline is Poisson with mean λ·T (Palm's theorem), and its expected
 * backorders are the expected idle machines. Pools whose supply a scenario cuts have no steady state;
 * for them the answer is the expected state on the horizon's last day (`horizon_end`).
 */
import { groupBy } from '@app/common/domain';
import { assertNoProblems, ProjectionInputError } from './errors';
import { expectedBackorderVariance, expectedBackorders, poissonCdf } from './poisson';
import { assertValidHashprice, assertValidPools } from './pool-validation';
import {
  baseRegime,
  ComponentKind,
  dailyFailureRate,
  meanDelayDays,
  PoolParameters,
  poolKey,
} from './projection.types';

export type ProjectionBasis = 'steady_state' | 'horizon_end';

export interface MetricPool extends PoolParameters {
  /** Expected units in the pipeline today; defaults to the pre-scenario steady state λ·T (0 for a fleet starting empty). */
  pipelineAtStart?: number;
}

export interface MetricInput {
  pools: MetricPool[];
  hashpriceUsdPerThDay: number;
  /** Needed when a scenario cuts a pool's supply; shifts starting after it are not applied. */
  horizonDays?: number;
  /** Machines in the fleet; defaults to the largest per-component sum of pool machines. */
  fleetMachines?: number;
  powerPriceUsdPerKwh?: number;
  powerWPerMachine?: number;
  hostingFeeUsdPerMachineDay?: number;
}

export interface PoolPipeline {
  basis: ProjectionBasis;
  dailyFailureRate: number;
  /** Mean days a failure stays in the pipeline under the regime in force (turnaround + customs). */
  effectiveTurnaroundDays: number;
  pipelineMean: number;
}

export interface PoolMetric extends PoolPipeline {
  key: string;
  component: ComponentKind;
  center: string | null;
  machines: number;
  spares: number;
  expectedBackorders: number;
  backorderVariance: number;
  /** Chance that a failure finds a spare on the shelf: P(pipeline < spares). */
  fillRate: number;
  lostHashrateThs: number;
  lostRevenueUsdPerDay: number;
}

interface LossTotals {
  expectedIdleMachines: number;
  lostHashrateThs: number;
  lostRevenueUsdPerDay: number;
}

export interface ComponentMetric extends LossTotals {
  component: ComponentKind;
  basis: ProjectionBasis;
  pipelineMean: number;
  expectedBackorders: number;
  spares: number;
}

export interface CenterMetric extends LossTotals {
  center: string | null;
}

export interface MetricResult extends LossTotals {
  basis: ProjectionBasis;
  fleetMachines: number;
  availability: number;
  /** Power an idle machine no longer draws; present when power price and draw are given. */
  powerCostAvoidedUsdPerDay?: number;
  /** Lost revenue net of the power not bought. */
  netLossUsdPerDay?: number;
  /** Hosting still paid for idle machines; reported apart because it is paid whether they hash or not. */
  idleHostingUsdPerDay?: number;
  byComponent: ComponentMetric[];
  byCenter: CenterMetric[];
  byPool: PoolMetric[];
}

/** The regime change a pool sees within the horizon, or none when it starts after it. */
function shiftWithinHorizon(pool: PoolParameters, horizonDays?: number) {
  const shift = pool.shift;
  if (!shift || (horizonDays !== undefined && shift.startDay > horizonDays)) return undefined;
  return shift;
}

/** Pipeline mean of one pool: steady state, or the expected pipeline on the horizon's last day after a cut-off. */
export function poolPipeline(pool: MetricPool, horizonDays?: number): PoolPipeline {
  const rate = dailyFailureRate(pool);
  const shift = shiftWithinHorizon(pool, horizonDays);
  const before = meanDelayDays(baseRegime(pool));
  if (!shift || !shift.cutOff || shift.regime.returnShare === 1) {
    const delay = shift ? meanDelayDays(shift.regime) : before;
    return { basis: 'steady_state', dailyFailureRate: rate, effectiveTurnaroundDays: delay, pipelineMean: rate * delay };
  }
  if (horizonDays === undefined) {
    throw new ProjectionInputError('horizonDays is required when a scenario cuts a pool’s supply');
  }
  const cutDay = Math.max(shift.startDay, 1);
  const daysBeforeCut = cutDay - 1;
  const daysCut = horizonDays - cutDay + 1;
  const share = shift.regime.returnShare;
  const resupplyDelay = meanDelayDays(shift.regime);
  const atStart = pool.pipelineAtStart ?? rate * before;
  // Until the cut, the start pipeline drains (uniform residual times) while new failures refill it.
  const atCut =
    daysBeforeCut === 0
      ? atStart
      : atStart * Math.max(0, 1 - daysBeforeCut / before) + rate * Math.min(daysBeforeCut, before);
  // Outstanding units are lost at the cut; the re-sourced share arrives resupplyDelay days later.
  const outstandingShare = 1 - share + (resupplyDelay > daysCut - 1 ? share : 0);
  const pipelineMean =
    atCut * outstandingShare + rate * (1 - share) * daysCut + rate * share * Math.min(resupplyDelay, daysCut);
  return { basis: 'horizon_end', dailyFailureRate: rate, effectiveTurnaroundDays: resupplyDelay, pipelineMean };
}

export function defaultFleetMachines(pools: PoolParameters[]): number {
  const byComponent = new Map<ComponentKind, number>();
  for (const pool of pools) byComponent.set(pool.component, (byComponent.get(pool.component) ?? 0) + pool.machines);
  return Math.max(0, ...byComponent.values());
}

export function poolMetric(pool: MetricPool, hashpriceUsdPerThDay: number, horizonDays?: number): PoolMetric {
  const pipeline = poolPipeline(pool, horizonDays);
  // A pool cannot idle more machines than it serves, even when a cut-off pipeline outgrows the fleet.
  const backorders = Math.min(pool.machines, expectedBackorders(pipeline.pipelineMean, pool.spares));
  const lostHashrateThs = backorders * pool.hashrateThsPerMachine * (pool.hashrateLossFraction ?? 1);
  return {
    key: poolKey(pool),
    component: pool.component,
    center: pool.center ?? null,
    machines: pool.machines,
    spares: pool.spares,
    ...pipeline,
    expectedBackorders: backorders,
    backorderVariance: expectedBackorderVariance(pipeline.pipelineMean, pool.spares),
    fillRate: pool.spares === 0 ? 0 : poissonCdf(pool.spares - 1, pipeline.pipelineMean),
    lostHashrateThs,
    lostRevenueUsdPerDay: lostHashrateThs * hashpriceUsdPerThDay,
  };
}

function sumLosses(pools: PoolMetric[]): LossTotals {
  const totals: LossTotals = { expectedIdleMachines: 0, lostHashrateThs: 0, lostRevenueUsdPerDay: 0 };
  for (const pool of pools) {
    totals.expectedIdleMachines += pool.expectedBackorders;
    totals.lostHashrateThs += pool.lostHashrateThs;
    totals.lostRevenueUsdPerDay += pool.lostRevenueUsdPerDay;
  }
  return totals;
}

const combinedBasis = (pools: PoolMetric[]): ProjectionBasis =>
  pools.some((pool) => pool.basis === 'horizon_end') ? 'horizon_end' : 'steady_state';

function economicsProblems(input: MetricInput): string[] {
  const fields = ['horizonDays', 'fleetMachines', 'powerPriceUsdPerKwh', 'powerWPerMachine', 'hostingFeeUsdPerMachineDay'] as const;
  return fields
    .filter((field) => input[field] !== undefined && !(Number.isFinite(input[field]) && (input[field] as number) >= 0))
    .map((field) => `${field} must be >= 0`);
}

/** Steady-state (or horizon-end) idle machines, lost hashrate and revenue for a fleet's spares pools. */
export function metricProjection(input: MetricInput): MetricResult {
  assertValidPools(input.pools);
  assertValidHashprice(input.hashpriceUsdPerThDay);
  assertNoProblems(economicsProblems(input));
  const byPool = input.pools.map((pool) => poolMetric(pool, input.hashpriceUsdPerThDay, input.horizonDays));
  const totals = sumLosses(byPool);
  const fleetMachines = input.fleetMachines ?? defaultFleetMachines(input.pools);
  const result: MetricResult = {
    basis: combinedBasis(byPool),
    ...totals,
    fleetMachines,
    availability: fleetMachines > 0 ? Math.max(0, 1 - totals.expectedIdleMachines / fleetMachines) : 1,
    byComponent: [...groupBy(byPool, (p) => p.component)].map(([component, pools]) => ({
      component,
      basis: combinedBasis(pools),
      pipelineMean: pools.reduce((sum, p) => sum + p.pipelineMean, 0),
      expectedBackorders: pools.reduce((sum, p) => sum + p.expectedBackorders, 0),
      spares: pools.reduce((sum, p) => sum + p.spares, 0),
      ...sumLosses(pools),
    })),
    byCenter: [...groupBy(byPool, (p) => p.center)].map(([center, pools]) => ({ center, ...sumLosses(pools) })),
    byPool,
  };
  if (input.powerPriceUsdPerKwh !== undefined && input.powerWPerMachine !== undefined) {
    // A part-stopped machine draws power in proportion to the hashrate it still has.
    const stoppedMachines = input.pools.reduce(
      (sum, pool, i) => sum + byPool[i].expectedBackorders * (pool.hashrateLossFraction ?? 1),
      0,
    );
    result.powerCostAvoidedUsdPerDay = (stoppedMachines * input.powerWPerMachine * 24 * input.powerPriceUsdPerKwh) / 1000;
    result.netLossUsdPerDay = totals.lostRevenueUsdPerDay - result.powerCostAvoidedUsdPerDay;
  }
  if (input.hostingFeeUsdPerMachineDay !== undefined) {
    result.idleHostingUsdPerDay = totals.expectedIdleMachines * input.hostingFeeUsdPerMachineDay;
  }
  return result;
}
