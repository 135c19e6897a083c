/**
 * The documented defaults a projection falls back to when neither the request, the scenario nor live
 * data gives a value. They are demo figures (domain.md), reported with source `default` in every answer.
 */
import type { ComponentKind } from '../projection';

/** Components projected when the request names none: the four that stop a machine. */
export const DEFAULT_COMPONENTS: readonly ComponentKind[] = ['psu', 'fan', 'hashboard', 'control_board'];

/** Failures per machine-year (a machine's three hashboards count as one component). */
export const DEFAULT_ANNUAL_FAILURE_RATE: Record<ComponentKind, number> = {
  psu: 0.1,
  fan: 0.15,
  hashboard: 0.12,
  control_board: 0.03,
  other: 0.02,
};

/** Days from failure (ticket reported) to the machine running again (returned), customs excluded. */
export const DEFAULT_TURNAROUND_DAYS = 21;

/** Unit cost of a spare when neither the request nor the parts catalog has one, USD (decimal strings). */
export const DEFAULT_UNIT_COST_USD: Record<ComponentKind, string> = {
  psu: '150.00',
  fan: '25.00',
  hashboard: '600.00',
  control_board: '120.00',
  other: '50.00',
};

/** With nothing known no hold is expected; a hold that does happen lasts about two weeks ("days become weeks"). */
export const DEFAULT_CUSTOMS = { holdProbability: 0, meanHoldDays: 14 };

/** USD earned per TH/s per day (hashprice), mid-2025 order of magnitude. */
export const DEFAULT_HASHPRICE_USD_PER_TH_DAY = 0.05;

export const DEFAULT_METHOD = 'analytic';
export const DEFAULT_RUNS = 1000;
/** A fixed seed so an unchanged request gives an unchanged answer. */
export const DEFAULT_SEED = 1;
export const DEFAULT_SPARES_PLAN_HORIZON_DAYS = 365;

/** Live estimates need enough history to beat the defaults. */
export const LIVE_WINDOW_DAYS = 365;
export const MIN_TICKETS_FOR_LIVE_RATE = 20;
/** Failure rates need at least a month of fleet history to mean anything per year. */
export const MIN_OBSERVED_DAYS_FOR_LIVE_RATE = 30;
export const MIN_CLOSED_TICKETS_FOR_LIVE_TURNAROUND = 10;
/**
 * A center's turnaround is the median of its latest returns of a component within the window, at most
 * this many: its current pace (a few days of returns at a million machines; the median of 500 is within
 * ~6% of a standard deviation), read as one index range.
 */
export const MAX_RETURNS_PER_CENTER_FOR_TURNAROUND = 500;
export const MIN_SHIPMENTS_FOR_LIVE_HOLD_PROBABILITY = 5;
export const MIN_RELEASED_HOLDS_FOR_LIVE_DWELL = 3;
/** A shipment in transit with no ETA is expected in about this many days. */
export const DEFAULT_TRANSIT_DAYS = 14;
