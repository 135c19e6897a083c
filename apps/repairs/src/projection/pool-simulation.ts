/**
 * One spares pool in one Monte Carlo run, as counts: net stock (shelf − backorders) and a calendar of
 * units due back by day. Failures are Poisson; each failed unit goes into the pipeline and takes a
 * spare, or opens a backorder when the shelf is empty; returns fill backorders first. A day is drawn per
 * unit while a pool fails fewer units a day than there are delay days left in the horizon, and beyond
 * that as counts per delay day (delay-counts.ts: one draw per delay day and one for the units not back
 * within the horizon), so its cost stops growing with the fleet there. Which way a day is drawn depends
 * on the plan and the day only, so streams stay aligned across scenarios. Tracking net = shelf −
 * backorders makes the order of returns and failures within a day irrelevant.
 */
import { DelayCounts, delayCounts, delaysWithin, drawDelayCount, goneWithin } from './delay-counts';
import { DelayTable, delayTable, sampleDelay, TurnaroundDistribution } from './delay-table';
import { baseRegime, dailyFailureRate, SupplyRegime } from './projection.types';
import type { RandomStream } from './rng';
import type { InitialPoolState, SimulationPool } from './simulation-input';

interface RegimePlan {
  table: DelayTable;
  returnShare: number;
  dailyFailures: number;
  expNegFailures: number;
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
    dailyFailures,
    expNegFailures: Math.exp(-dailyFailures),
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

const INV_TWO_POW_32 = 1 / 4294967296;

export class PoolSimulation {
  private net = 0;
  /**
   * Machines already waiting for this part at the start (open tickets in awaiting_parts). The shelf does
   * not fill them: pools are fleet-wide but a ticket waits because its own repair center has no stock, so
   * the spares on hand sit at other centers. Only arrivals (held shipments released, units under way,
   * their resupply) fill them, before anything goes on the shelf.
   */
  private waiting = 0;
  /** Units due back after the horizon: they cannot help within it, but a cut-off may re-source them. */
  private beyondHorizon = 0;
  private readonly dueBack: Int32Array;
  /** Scratch for a cut-off's re-sourced units per delay day. */
  private readonly resourced: Int32Array;
  /** Scratch for one day's random words, one per delay day drawn. */
  private readonly words: Uint32Array;

  constructor(
    private readonly plan: PoolPlan,
    private readonly horizonDays: number,
  ) {
    this.dueBack = new Int32Array(horizonDays + 1);
    this.resourced = new Int32Array(horizonDays + 1);
    this.words = new Uint32Array(Math.max(plan.base.counts.delays.length, plan.shifted?.counts.delays.length ?? 0));
  }

  /** Today's live state; `rng` is the pool's own initial-state stream. */
  reset(rng: RandomStream): void {
    const { initial } = this.plan;
    this.net = initial.onHand ?? this.plan.spares;
    this.waiting = initial.openBackorders ?? 0;
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
    const arrivals = this.dueBack[day];
    if (this.waiting > 0) {
      const filled = arrivals < this.waiting ? arrivals : this.waiting;
      this.waiting -= filled;
      this.net += arrivals - filled;
    } else {
      this.net += arrivals;
    }
    // Per unit while a day's failures are fewer than the delay days left to draw, per delay day beyond.
    if (regime.dailyFailures < delaysWithin(regime.counts, this.horizonDays - day)) this.failPerUnit(day, regime, rng);
    else this.fail(day, regime.counts, rng);
    return (this.net < 0 ? -this.net : 0) + this.waiting;
  }

  /**
   * Today's failures, as counts: for each delay d ending within the horizon, the units due back on
   * day + d (one draw each, in delay order), then the units that will not be back within it (one draw).
   * Units back the same day change nothing and are not drawn. How many draws does not depend on how
   * many failed.
   */
  private fail(day: number, counts: DelayCounts, rng: RandomStream): void {
    const within = this.horizonDays - day;
    const n = delaysWithin(counts, within);
    const { delays } = counts;
    const dueBack = this.dueBack;
    let failed = 0;
    if (counts.allTabled) {
      // The same draws as drawDelayCount, with the day's words taken in one block.
      const { columnStart, keep, alias } = counts;
      const words = this.words;
      rng.fillUint32(words, n);
      for (let i = 0; i < n; i++) {
        const from = columnStart[i];
        const u = (words[i] + 0.5) * ((columnStart[i + 1] - from) * INV_TWO_POW_32);
        const column = u | 0;
        const units = u - column < keep[from + column] ? column : alias[from + column];
        if (units !== 0) {
          dueBack[day + delays[i]] += units;
          failed += units;
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const units = drawDelayCount(counts, i, rng);
        dueBack[day + delays[i]] += units;
        failed += units;
      }
    }
    const gone = rng.poisson(goneWithin(counts, within));
    // Only a cut-off reads this, on its first day, when the base regime (every unit returns) ran before.
    this.beyondHorizon += gone;
    this.net -= failed + gone;
  }

  private failPerUnit(day: number, regime: RegimePlan, rng: RandomStream): void {
    const failures = regime.dailyFailures < 30 ? rng.poissonByInversion(regime.dailyFailures, regime.expNegFailures) : rng.poisson(regime.dailyFailures);
    this.net -= failures;
    for (let i = 0; i < failures; i++) {
      if (regime.returnShare < 1 && rng.next() >= regime.returnShare) continue;
      const delay = sampleDelay(regime.table, rng);
      if (delay === 0) this.net += 1;
      else this.schedule(day + delay, 1);
    }
  }

  private schedule(day: number, units: number): void {
    if (day <= this.horizonDays) this.dueBack[day] += units;
    else this.beyondHorizon += units;
  }

  /**
   * Everything still due from the cut supply is lost; the second supplier re-sources its share from
   * today: Binomial(outstanding, share) units, spread over its delay days by a multinomial (a chain of
   * binomials, at most one per day left in the horizon).
   */
  private cutOff(day: number, rng: RandomStream): void {
    let outstanding = this.beyondHorizon;
    this.beyondHorizon = 0;
    for (let d = day; d <= this.horizonDays; d++) {
      outstanding += this.dueBack[d];
      this.dueBack[d] = 0;
    }
    const shifted = this.plan.shifted as RegimePlan;
    const units = rng.binomial(outstanding, shifted.returnShare);
    const within = Math.min(this.horizonDays - day, shifted.table.pmf.length - 1);
    const perDelay = this.resourced.subarray(0, within + 1);
    this.beyondHorizon += rng.multinomial(units, shifted.table.pmf.subarray(0, within + 1), perDelay);
    for (let delay = 0; delay <= within; delay++) this.dueBack[day + delay] += perDelay[delay];
  }
}
