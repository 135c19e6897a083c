/**
 * Scenarios as data (stored by the service; built-ins seeded from scenario-seeds.ts) and how one changes a
 * fleet's pools: from its start day, turnaround gains extra lead time and customs holds follow the scenario;
 * pools of a cut-off maker or origin lose their supply, a second supplier re-sourcing its share.
 */
import { MS_PER_DAY, utcDate } from '@app/common/domain';
import { assertNoProblems } from './errors';
import type { PoolParameters, SupplyShift } from './projection.types';

export interface ScenarioDefinition {
  name: string;
  description: string;
  /** First day in force (YYYY-MM-DD); absent: the request's date. */
  startDate?: string;
  holdProbability: number;
  meanHoldDays: number;
  extraLeadTimeDays: number;
  cutOffMakers: string[];
  /** ISO 3166-1 alpha-2 countries whose parts stop. */
  cutOffOrigins: string[];
  /** Share of a cut supply's failures a second supplier can replace. */
  secondSupplierShare: number;
  secondSupplierTurnaroundDays: number;
  builtIn: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(value: string): boolean {
  return DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

const isNonNegative = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isFraction = (x: unknown) => isNonNegative(x) && (x as number) <= 1;

/** Every problem with a scenario, named by field, for a 400 that lists them all. */
export function scenarioProblems(scenario: ScenarioDefinition): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(scenario.name ?? '')) {
    problems.push('name must be 1–64 lowercase letters, digits, "_" or "-"');
  }
  if (typeof scenario.description !== 'string' || scenario.description.length > 1000) {
    problems.push('description must be a string of at most 1000 characters');
  }
  if (scenario.startDate !== undefined && !isDate(scenario.startDate)) problems.push('startDate must be a date YYYY-MM-DD');
  if (!isFraction(scenario.holdProbability)) problems.push('holdProbability must be between 0 and 1');
  for (const field of ['meanHoldDays', 'extraLeadTimeDays', 'secondSupplierTurnaroundDays'] as const) {
    if (!isNonNegative(scenario[field])) problems.push(`${field} must be >= 0`);
  }
  if (!isFraction(scenario.secondSupplierShare)) problems.push('secondSupplierShare must be between 0 and 1');
  if (!Array.isArray(scenario.cutOffMakers) || !scenario.cutOffMakers.every((m) => typeof m === 'string' && m.length > 0)) {
    problems.push('cutOffMakers must be a list of maker names');
  }
  if (!Array.isArray(scenario.cutOffOrigins) || !scenario.cutOffOrigins.every((c) => /^[A-Za-z]{2}$/.test(c))) {
    problems.push('cutOffOrigins must be a list of ISO 3166-1 alpha-2 countries');
  }
  return problems;
}

export function assertValidScenario(scenario: ScenarioDefinition): void {
  assertNoProblems(scenarioProblems(scenario));
}

/** Day index (day 1 = tomorrow) from which the scenario is in force; 0 or less means already in force. */
export function scenarioStartDay(today: string, startDate?: string): number {
  if (startDate === undefined) return 0;
  return Math.round((Date.parse(`${startDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / MS_PER_DAY);
}

/** The calendar date (YYYY-MM-DD, UTC) of day index `day` (day 1 = tomorrow): scenarioStartDay's inverse. */
export function dateOfDay(today: string, day: number): string {
  return utcDate(Date.parse(`${today}T00:00:00Z`) + day * MS_PER_DAY);
}

export function isCutOff(pool: Pick<PoolParameters, 'maker' | 'origin'>, scenario: ScenarioDefinition): boolean {
  const maker = pool.maker?.toLowerCase();
  const origin = pool.origin?.toUpperCase();
  return (
    (maker !== undefined && scenario.cutOffMakers.some((m) => m.toLowerCase() === maker)) ||
    (origin !== undefined && scenario.cutOffOrigins.some((c) => c.toUpperCase() === origin))
  );
}

/** How the scenario changes one pool from `startDay` on. */
export function scenarioShift(pool: PoolParameters, scenario: ScenarioDefinition, startDay: number): SupplyShift {
  const customs = { holdProbability: scenario.holdProbability, meanHoldDays: scenario.meanHoldDays };
  if (isCutOff(pool, scenario)) {
    // Second-supplier parts still clear customs, under the scenario's holds.
    const regime = { turnaroundDays: scenario.secondSupplierTurnaroundDays, customs, returnShare: scenario.secondSupplierShare };
    return { startDay, cutOff: true, regime };
  }
  const regime = { turnaroundDays: pool.turnaroundDays + scenario.extraLeadTimeDays, customs, returnShare: 1 };
  return { startDay, cutOff: false, regime };
}

/** The pools METRIC and the simulator take, each carrying the scenario's shift. */
export function applyScenario<P extends PoolParameters>(pools: P[], scenario: ScenarioDefinition, startDay: number): P[] {
  assertValidScenario(scenario);
  return pools.map((pool) => ({ ...pool, shift: scenarioShift(pool, scenario, startDay) }));
}
