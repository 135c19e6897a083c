/**
 * One spares pool in one Monte Carlo run, as counts: net stock (shelf − backorders) and a calendar of
 * units due back by day. Failures are Poisson; each failed unit goes into the pipeline and takes a
 * spare, or opens a backorder when the shelf is empty; returns fill backorders first. A day's failures
 * are drawn into the calendar by delay-counts.ts, whose cost stops growing with the fleet once a pool
 * fails more units a day than there are delay days. Tracking net = shelf − backorders makes the order of
 * returns and failures within a day irrelevant.
 */
import { DelayCounts, delayCounts, drawFailures } from './delay-counts';
import { DelayTable, delayTable, TurnaroundDistribution } from './delay-table';
import { baseRegime, dailyFailureRate, SupplyRegime } from './projection.types';
import type { RandomStream } from './rng';
import type { InitialPoolState, SimulationPool } from './simulation-input';

interface RegimePlan {
  table: DelayTable;
  returnShare: number;
  counts: DelayCounts;
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
  return {
    table,
    returnShare: regime.returnShare,
    counts: delayCounts(table, dailyFailures, regime.returnShare),
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

export class PoolSimulation {
  private net = 0;
  /**
   * Machines already waiting for this part at the start (open tickets in awaiting_parts). The shelf does
   * not fill them: a ticket waits because no stock of its SKU was free at its center (what is on hand fits
   * other models, or, in a fleet-wide pool, sits at other centers). Only arrivals (held shipments
   * released, units under way, their resupply) fill them, before anything goes on the shelf.
   */
  private waiting = 0;
  /**
   * Units due back by day; the last slot, horizonDays + 1, holds those not back within the horizon: they
   * cannot help within it, but a cut-off may re-source them.
   */
  private readonly dueBack: Int32Array;
  private readonly beyondHorizon: number;
  /** Scratch for a cut-off's re-sourced units per delay day. */
  private readonly resourced: Int32Array;
  /** Scratch for one day's random words, one per delay day drawn as a count. */
  private readonly words: Uint32Array;

  constructor(
    private readonly plan: PoolPlan,
    private readonly horizonDays: number,
  ) {
    this.dueBack = new Int32Array(horizonDays + 2);
    this.beyondHorizon = horizonDays + 1;
    this.resourced = new Int32Array(horizonDays + 1);
    this.words = new Uint32Array(Math.max(64, plan.base.counts.delays.length, plan.shifted?.counts.delays.length ?? 0));
  }

  /** Today's live state; `rng` is the pool's own initial-state stream. */
  reset(rng: RandomStream): void {
    const { initial } = this.plan;
    this.net = initial.onHand ?? this.plan.spares;
    this.waiting = initial.openBackorders ?? 0;
    this.dueBack.fill(0);
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
    const arrivals = this.dueBack[day];
    if (this.waiting > 0) {
      const filled = arrivals < this.waiting ? arrivals : this.waiting;
      this.waiting -= filled;
      this.net += arrivals - filled;
    } else {
      this.net += arrivals;
    }
    this.net -= drawFailures(regime.counts, this.horizonDays - day, rng, this.words, this.dueBack, day);
    return (this.net < 0 ? -this.net : 0) + this.waiting;
  }

  private schedule(day: number, units: number): void {
    this.dueBack[day <= this.horizonDays ? day : this.beyondHorizon] += units;
  }

  /**
   * Everything still due from the cut supply is lost; the second supplier re-sources its share from
   * today: Binomial(outstanding, share) units, spread over its delay days by a multinomial (a chain of
   * binomials, at most one per day left in the horizon).
   */
  private cutOff(day: number, rng: RandomStream): void {
    let outstanding = 0;
    for (let d = day; d <= this.beyondHorizon; d++) {
      outstanding += this.dueBack[d];
      this.dueBack[d] = 0;
    }
    const shifted = this.plan.shifted as RegimePlan;
    const units = rng.binomial(outstanding, shifted.returnShare);
    const within = Math.min(this.horizonDays - day, shifted.table.pmf.length - 1);
    const perDelay = this.resourced.subarray(0, within + 1);
    this.dueBack[this.beyondHorizon] += rng.multinomial(units, shifted.table.pmf.subarray(0, within + 1), perDelay);
    for (let delay = 0; delay <= within; delay++) this.dueBack[day + delay] += perDelay[delay];
  }
}
