/** Shapes shared by METRIC, the simulator, scenarios and spares planning. */

export const COMPONENT_KINDS = ['hashboard', 'fan', 'psu', 'control_board', 'other'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** Customs delay on a resupply: a hold happens with `holdProbability` and then lasts `meanHoldDays` on average. */
export interface CustomsDelay {
  holdProbability: number;
  meanHoldDays: number;
}

/** How failed units of a pool come back, from some day on. */
export interface SupplyRegime {
  /** Mean days from failure until the part is back on the shelf, customs excluded. */
  turnaroundDays: number;
  customs: CustomsDelay;
  /** Fraction of failures that come back at all: 1 normally, the second supplier's share under a cut-off. */
  returnShare: number;
}

/** A scenario's change to one pool from `startDay` (day 1 is the first day after today). */
export interface SupplyShift {
  startDay: number;
  regime: SupplyRegime;
  /** The original supply stops: units due back from it on or after startDay never return (a share is re-sourced). */
  cutOff: boolean;
}

/** One spares pool: a component at a repair center, serving `machines` machines. */
export interface PoolParameters {
  component: ComponentKind;
  center?: string;
  /** Maker and origin country of the pool's parts, so a scenario can cut them off. */
  maker?: string;
  origin?: string;
  machines: number;
  /** Failures of this component per machine-year. */
  annualFailureRate: number;
  turnaroundDays: number;
  spares: number;
  hashrateThsPerMachine: number;
  /** Share of a machine's hashrate lost while the part is missing (1: the machine stops). */
  hashrateLossFraction?: number;
  customs?: CustomsDelay;
  /** A scenario's effect on this pool, as made by applyScenario. */
  shift?: SupplyShift;
}

export const NO_CUSTOMS_DELAY: CustomsDelay = { holdProbability: 0, meanHoldDays: 0 };

export function poolKey(pool: Pick<PoolParameters, 'component' | 'center' | 'maker'>): string {
  return `${pool.component}@${pool.center ?? '*'}${pool.maker ? `#${pool.maker}` : ''}`;
}

export function dailyFailureRate(pool: Pick<PoolParameters, 'machines' | 'annualFailureRate'>): number {
  return (pool.machines * pool.annualFailureRate) / 365;
}

/** The regime a pool runs under before any scenario starts. */
export function baseRegime(pool: PoolParameters): SupplyRegime {
  return { turnaroundDays: pool.turnaroundDays, customs: pool.customs ?? NO_CUSTOMS_DELAY, returnShare: 1 };
}

/** Mean total delay of a regime: T = turnaround + holdProbability × meanHoldDays. */
export function meanDelayDays(regime: SupplyRegime): number {
  return regime.turnaroundDays + regime.customs.holdProbability * regime.customs.meanHoldDays;
}
