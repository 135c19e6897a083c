/**
 * One spares pool in one Monte Carlo run, as counts: net stock (shelf − backorders) and a calendar of
 * units due back by day. Failures are Poisson; each failed unit goes into the pipeline and takes a
 * spare, or opens a backorder when the shelf is empty; returns fill backorders first. Tracking
 * net = shelf − backorders makes the order of returns and failures within a day irrelevant.
 */
import { DelayTable, delayTable, sampleDelay, TurnaroundDistribution } from './delay-table';
import { baseRegime, dailyFailureRate, SupplyRegime } from './projection.types';
import type { RandomStream } from './rng';
import type { InitialPoolState, SimulationPool } from './simulation-input';

interface RegimePlan {
  table: DelayTable;
  returnShare: number;
  dailyFailures: number;
  expNegFailures: number;
  /** When failures a day outnumber the table's days, draw returns per delay day (Poisson splitting) instead of per unit. */
  split: boolean;
  splitMeans: Float64Array;
  splitExpNeg: Float64Array;
  lostMean: number;
  lostExpNeg: number;
}

export interface PoolPlan {
  lostThsPerBackorder: number;
  spares: number;
  initial: InitialPoolState;
  base: RegimePlan;
  shifted?: RegimePlan;
  startDay: number;
  cutOff: boolean;
  /** The first simulated day on which a cut-off is in force. */
  cutDay: number;
}

function regimePlan(regime: SupplyRegime, dailyFailures: number, distribution: TurnaroundDistribution): RegimePlan {
  const table = delayTable(regime, distribution);
  const splitMeans = table.pmf.map((p) => p * dailyFailures * regime.returnShare);
  const lostMean = dailyFailures * (1 - regime.returnShare);
  return {
    table,
    returnShare: regime.returnShare,
    dailyFailures,
    expNegFailures: Math.exp(-dailyFailures),
    split: dailyFailures > table.pmf.length,
    splitMeans,
    splitExpNeg: splitMeans.map((m) => Math.exp(-m)),
    lostMean,
    lostExpNeg: Math.exp(-lostMean),
  };
}

export function poolPlan(pool: SimulationPool, distribution: TurnaroundDistribution): PoolPlan {
  const rate = dailyFailureRate(pool);
  return {
    lostThsPerBackorder: pool.hashrateThsPerMachine * (pool.hashrateLossFraction ?? 1),
    spares: pool.spares,
    initial: pool.initial ?? {},
    base: regimePlan(baseRegime(pool), rate, distribution),
    shifted: pool.shift && regimePlan(pool.shift.regime, rate, distribution),
    startDay: pool.shift?.startDay ?? Infinity,
    cutOff: pool.shift?.cutOff ?? false,
    cutDay: Math.max(1, pool.shift?.startDay ?? Infinity),
  };
}

const drawPoisson = (rng: RandomStream, mean: number, expNeg: number): number =>
  mean < 30 ? rng.poissonByInversion(mean, expNeg) : rng.poisson(mean);

export class PoolSimulation {
  private net = 0;
  /** Units due back after the horizon: they cannot help within it, but a cut-off may re-source them. */
  private beyondHorizon = 0;
  private readonly dueBack: Int32Array;

  constructor(
    private readonly plan: PoolPlan,
    private readonly horizonDays: number,
  ) {
    this.dueBack = new Int32Array(horizonDays + 1);
  }

  /** Today's live state; `rng` is the pool's own initial-state stream. */
  reset(rng: RandomStream): void {
    const { initial } = this.plan;
    this.net = (initial.onHand ?? this.plan.spares) - (initial.openBackorders ?? 0);
    this.dueBack.fill(0);
    this.beyondHorizon = 0;
    for (const entry of initial.pipeline ?? []) this.schedule(Math.max(1, entry.dueInDays), entry.units);
    for (const held of initial.heldShipments ?? []) {
      this.schedule(Math.max(1, rng.roundStochastic(rng.exponential(held.meanRemainingDwellDays))), held.units);
    }
  }

  /** Advances one day and answers the machines idle for lack of this part at its end. */
  step(day: number, rng: RandomStream, cutRng: RandomStream): number {
    const plan = this.plan;
    if (plan.cutOff && day === plan.cutDay) this.cutOff(day, cutRng);
    const regime = plan.shifted && day >= plan.startDay ? plan.shifted : plan.base;
    this.net += this.dueBack[day];
    if (regime.split) this.failSplit(day, regime, rng);
    else this.failPerUnit(day, regime, rng);
    return this.net < 0 ? -this.net : 0;
  }

  private failPerUnit(day: number, regime: RegimePlan, rng: RandomStream): void {
    const failures = drawPoisson(rng, regime.dailyFailures, regime.expNegFailures);
    this.net -= failures;
    for (let i = 0; i < failures; i++) {
      if (regime.returnShare < 1 && rng.next() >= regime.returnShare) continue;
      this.returnAfter(day, sampleDelay(regime.table, rng), 1);
    }
  }

  private failSplit(day: number, regime: RegimePlan, rng: RandomStream): void {
    this.net -= drawPoisson(rng, regime.lostMean, regime.lostExpNeg);
    const { splitMeans, splitExpNeg } = regime;
    for (let delay = 0; delay < splitMeans.length; delay++) {
      const units = drawPoisson(rng, splitMeans[delay], splitExpNeg[delay]);
      if (units === 0) continue;
      this.net -= units;
      this.returnAfter(day, delay, units);
    }
  }

  private returnAfter(day: number, delay: number, units: number): void {
    if (delay === 0) this.net += units;
    else this.schedule(day + delay, units);
  }

  private schedule(day: number, units: number): void {
    if (day <= this.horizonDays) this.dueBack[day] += units;
    else this.beyondHorizon += units;
  }

  /** Everything still due from the cut supply is lost; the second supplier re-sources its share from today. */
  private cutOff(day: number, rng: RandomStream): void {
    let outstanding = this.beyondHorizon;
    this.beyondHorizon = 0;
    for (let d = day; d <= this.horizonDays; d++) {
      outstanding += this.dueBack[d];
      this.dueBack[d] = 0;
    }
    const shifted = this.plan.shifted as RegimePlan;
    const resourced = rng.binomial(outstanding, shifted.returnShare);
    for (let i = 0; i < resourced; i++) this.schedule(day + sampleDelay(shifted.table, rng), 1);
  }
}
