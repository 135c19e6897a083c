import { assertNoProblems } from './errors';
import { COMPONENT_KINDS, CustomsDelay, PoolParameters, SupplyRegime } from './projection.types';

const isNonNegative = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isFraction = (x: unknown): boolean => isNonNegative(x) && (x as number) <= 1;

function customsProblems(customs: CustomsDelay, at: string): string[] {
  const problems: string[] = [];
  if (!isFraction(customs.holdProbability)) problems.push(`${at}.holdProbability must be between 0 and 1`);
  if (!isNonNegative(customs.meanHoldDays)) problems.push(`${at}.meanHoldDays must be >= 0`);
  return problems;
}

function regimeProblems(regime: SupplyRegime, at: string): string[] {
  const problems = customsProblems(regime.customs, `${at}.customs`);
  if (!isNonNegative(regime.turnaroundDays)) problems.push(`${at}.turnaroundDays must be >= 0`);
  if (!isFraction(regime.returnShare)) problems.push(`${at}.returnShare must be between 0 and 1`);
  return problems;
}

/** Every problem of one pool, named by its path (e.g. `pools[2].spares`). */
export function poolProblems(pool: PoolParameters, at: string): string[] {
  const problems: string[] = [];
  if (!(COMPONENT_KINDS as readonly string[]).includes(pool.component)) problems.push(`${at}.component is unknown`);
  if (!Number.isInteger(pool.machines) || pool.machines < 0) problems.push(`${at}.machines must be an integer >= 0`);
  if (!Number.isInteger(pool.spares) || pool.spares < 0) problems.push(`${at}.spares must be an integer >= 0`);
  if (!isNonNegative(pool.annualFailureRate)) problems.push(`${at}.annualFailureRate must be >= 0`);
  if (!isNonNegative(pool.turnaroundDays)) problems.push(`${at}.turnaroundDays must be >= 0`);
  if (!isNonNegative(pool.hashrateThsPerMachine)) problems.push(`${at}.hashrateThsPerMachine must be >= 0`);
  if (pool.hashrateLossFraction !== undefined && !isFraction(pool.hashrateLossFraction)) {
    problems.push(`${at}.hashrateLossFraction must be between 0 and 1`);
  }
  if (pool.customs) problems.push(...customsProblems(pool.customs, `${at}.customs`));
  if (pool.shift) {
    if (!Number.isInteger(pool.shift.startDay)) problems.push(`${at}.shift.startDay must be an integer`);
    problems.push(...regimeProblems(pool.shift.regime, `${at}.shift.regime`));
  }
  return problems;
}

export function assertValidPools(pools: PoolParameters[]): void {
  const problems = pools.length === 0 ? ['pools must not be empty'] : [];
  pools.forEach((pool, i) => problems.push(...poolProblems(pool, `pools[${i}]`)));
  assertNoProblems(problems);
}

export function assertValidHashprice(hashpriceUsdPerThDay: number): void {
  assertNoProblems(isNonNegative(hashpriceUsdPerThDay) ? [] : ['hashpriceUsdPerThDay must be >= 0']);
}
