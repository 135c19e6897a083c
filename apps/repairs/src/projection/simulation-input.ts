/** What the Monte Carlo simulator takes, and the limits the contract promises to accept. */
import type { TurnaroundDistribution } from './delay-table';
import { assertNoProblems, ProjectionLimitError } from './errors';
import { assertValidHashprice, assertValidPools } from './pool-validation';
import type { PoolParameters } from './projection.types';

export const MAX_HORIZON_DAYS = 730;
export const MAX_RUN_DAYS = 1_000_000;
/** Repair turnarounds vary a lot; a lognormal with CV 0.5 is a neutral default (METRIC's mean is unaffected). */
export const DEFAULT_TURNAROUND_DISTRIBUTION: TurnaroundDistribution = { kind: 'lognormal', cv: 0.5 };

/** The live state of a pool today. Omitted: shelf holds `spares`, nothing in flight, nobody waiting. */
export interface InitialPoolState {
  onHand?: number;
  /**
   * Machines already idle waiting for this part (open tickets in awaiting_parts, held shipments included).
   * Only arrivals fill them (pipeline, held shipments), never `onHand`: what is on hand did not fit them.
   */
  openBackorders?: number;
  /** Units already on their way back, arriving `dueInDays` from today (0 or 1: tomorrow). */
  pipeline?: { dueInDays: number; units: number }[];
  /** Shipments held in customs carrying this part; each is released whole after an exponential remaining dwell. */
  heldShipments?: { units: number; meanRemainingDwellDays: number }[];
}

export interface SimulationPool extends PoolParameters {
  initial?: InitialPoolState;
}

export interface SimulationInput {
  pools: SimulationPool[];
  horizonDays: number;
  runs: number;
  seed: number;
  hashpriceUsdPerThDay: number;
  turnaroundDistribution?: TurnaroundDistribution;
}

const isCount = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;

function initialStateProblems(state: InitialPoolState, at: string): string[] {
  const problems: string[] = [];
  if (state.onHand !== undefined && !isCount(state.onHand)) problems.push(`${at}.onHand must be an integer >= 0`);
  if (state.openBackorders !== undefined && !isCount(state.openBackorders)) {
    problems.push(`${at}.openBackorders must be an integer >= 0`);
  }
  (state.pipeline ?? []).forEach((entry, i) => {
    if (!isCount(entry.units)) problems.push(`${at}.pipeline[${i}].units must be an integer >= 0`);
    if (!isCount(entry.dueInDays)) problems.push(`${at}.pipeline[${i}].dueInDays must be an integer >= 0`);
  });
  (state.heldShipments ?? []).forEach((held, i) => {
    if (!isCount(held.units)) problems.push(`${at}.heldShipments[${i}].units must be an integer >= 0`);
    if (!(Number.isFinite(held.meanRemainingDwellDays) && held.meanRemainingDwellDays >= 0)) {
      problems.push(`${at}.heldShipments[${i}].meanRemainingDwellDays must be >= 0`);
    }
  });
  return problems;
}

function distributionProblems(distribution?: TurnaroundDistribution): string[] {
  if (!distribution) return [];
  if (!['deterministic', 'exponential', 'lognormal'].includes(distribution.kind)) return ['turnaroundDistribution.kind is unknown'];
  if (distribution.kind === 'lognormal' && !(Number.isFinite(distribution.cv) && distribution.cv > 0)) {
    return ['turnaroundDistribution.cv must be > 0'];
  }
  return [];
}

/** Bad values are input errors (400); valid but oversized requests are limit errors. */
export function assertValidSimulationInput(input: SimulationInput): void {
  assertValidPools(input.pools);
  assertValidHashprice(input.hashpriceUsdPerThDay);
  const problems = distributionProblems(input.turnaroundDistribution);
  if (!Number.isInteger(input.horizonDays) || input.horizonDays < 1) problems.push('horizonDays must be an integer >= 1');
  if (!Number.isInteger(input.runs) || input.runs < 1) problems.push('runs must be an integer >= 1');
  if (!Number.isSafeInteger(input.seed)) problems.push('seed must be an integer');
  input.pools.forEach((pool, i) => problems.push(...initialStateProblems(pool.initial ?? {}, `pools[${i}].initial`)));
  assertNoProblems(problems);
  const limits: string[] = [];
  if (input.horizonDays > MAX_HORIZON_DAYS) limits.push(`horizonDays must be at most ${MAX_HORIZON_DAYS}`);
  if (input.runs * input.horizonDays > MAX_RUN_DAYS) limits.push(`runs x horizonDays must be at most ${MAX_RUN_DAYS}`);
  if (limits.length > 0) throw new ProjectionLimitError(limits.join('; '), limits);
}
