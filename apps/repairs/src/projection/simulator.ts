/**
 * Monte Carlo of the fleet's spares pools, day by day, as counts. A pool-day costs a word per unit
 * failed on the light delay days and one per heavy delay day left in the horizon (delay-counts.ts), so
 * the cost grows with a pool's failures only until every delay day is heavy, then stays flat. Every
 * (run, pool) has its own random streams, so runs can be split over threads (run-in-worker.ts), and a
 * scenario's regime is read only from its start day, so paths with and without a scenario are identical
 * before it starts.
 */
import { PoolSimulation, poolPlan } from './pool-simulation';
import { RandomStream } from './rng';
import { assertValidSimulationInput, DEFAULT_TURNAROUND_DISTRIBUTION, SimulationInput } from './simulation-input';
import { scaleSpread, Spread, spreadOf } from './spread';
import { poolKey } from './projection.types';

export interface DailyProjection {
  day: number;
  idleMean: number;
  idleP10: number;
  idleP50: number;
  idleP90: number;
  lostHashrateThsMean: number;
  lostHashrateThsP10: number;
  lostHashrateThsP50: number;
  lostHashrateThsP90: number;
  lostUsdMean: number;
  lostUsdP10: number;
  lostUsdP50: number;
  lostUsdP90: number;
}

export interface HorizonTotals {
  idleMachineDays: Spread;
  lostThDays: Spread;
  lostUsd: Spread;
}

export interface PoolOutcome {
  key: string;
  /** Mean machines idle for this pool's part on the horizon's last day. */
  idleMeanLastDay: number;
  idleMachineDaysMean: number;
}

export interface SimulationResult {
  runs: number;
  horizonDays: number;
  seed: number;
  daily: DailyProjection[];
  totals: HorizonTotals;
  byPool: PoolOutcome[];
}

/** Seams for tests: how the simulator makes its random streams (e.g. one that counts its draws). */
export interface SimulationProbe {
  stream?: (...ids: number[]) => RandomStream;
}

const newStream = (...ids: number[]) => new RandomStream(...ids);

/** Purposes of a pool's random streams, so each draws independently of the others. */
const enum Stream {
  Days = 1,
  Initial = 2,
  CutOff = 3,
}

function dailyProjection(day: number, idle: Spread, lostThs: Spread, hashprice: number): DailyProjection {
  const usd = scaleSpread(lostThs, hashprice);
  return {
    day,
    idleMean: idle.mean,
    idleP10: idle.p10,
    idleP50: idle.p50,
    idleP90: idle.p90,
    lostHashrateThsMean: lostThs.mean,
    lostHashrateThsP10: lostThs.p10,
    lostHashrateThsP50: lostThs.p50,
    lostHashrateThsP90: lostThs.p90,
    lostUsdMean: usd.mean,
    lostUsdP10: usd.p10,
    lostUsdP50: usd.p50,
    lostUsdP90: usd.p90,
  };
}

/** What runs fromRun..toRun − 1 measured, run-major: each run one row of `horizonDays` per measure. */
export interface RunRows {
  fromRun: number;
  toRun: number;
  idle: Float64Array;
  lostThs: Float64Array;
  /** Per pool, summed over these runs: machines idle on the last day, and idle machine-days. */
  poolIdleLastDay: Float64Array;
  poolIdleDays: Float64Array;
}

/** The rows' buffers, to move them between threads instead of copying them. */
export function rowBuffers(rows: RunRows): ArrayBuffer[] {
  return [rows.idle, rows.lostThs, rows.poolIdleLastDay, rows.poolIdleDays].map((values) => values.buffer as ArrayBuffer);
}

/**
 * Simulates runs fromRun..toRun − 1 only. Every (run, pool) has its own streams, so any split of the
 * runs into ranges gives the same rows as one range: the runs can be spread over threads.
 */
export function simulateRuns(input: SimulationInput, fromRun: number, toRun: number, probe: SimulationProbe = {}): RunRows {
  const stream = probe.stream ?? newStream;
  const { horizonDays: days, seed } = input;
  const distribution = input.turnaroundDistribution ?? DEFAULT_TURNAROUND_DISTRIBUTION;
  const plans = input.pools.map((pool) => poolPlan(pool, distribution));
  const pools = plans.map((plan) => new PoolSimulation(plan, days));
  const idle = new Float64Array((toRun - fromRun) * days);
  const lostThs = new Float64Array((toRun - fromRun) * days);
  const poolIdleLastDay = new Float64Array(pools.length);
  const poolIdleDays = new Float64Array(pools.length);

  // Pool by pool within a run, so one pool's tables stay in the CPU's cache for all its days; each pool
  // adds to the run's day rows in pool order, as a day-by-day loop would.
  for (let run = fromRun; run < toRun; run++) {
    const row = (run - fromRun) * days - 1;
    for (let p = 0; p < pools.length; p++) {
      const pool = pools[p];
      const dayStream = stream(seed, run, p, Stream.Days);
      const cutStream = stream(seed, run, p, Stream.CutOff);
      pool.reset(stream(seed, run, p, Stream.Initial));
      const lostPerBackorder = plans[p].lostThsPerBackorder;
      let idleDays = 0;
      let backorders = 0;
      for (let day = 1; day <= days; day++) {
        backorders = pool.step(day, dayStream, cutStream);
        idle[row + day] += backorders;
        lostThs[row + day] += backorders * lostPerBackorder;
        idleDays += backorders;
      }
      poolIdleDays[p] += idleDays;
      poolIdleLastDay[p] += backorders;
    }
  }
  return { fromRun, toRun, idle, lostThs, poolIdleLastDay, poolIdleDays };
}

/** The projection from the rows of every run, given as consecutive ranges in run order. */
export function summariseRuns(input: SimulationInput, parts: RunRows[]): SimulationResult {
  const { runs, horizonDays: days, seed } = input;
  const covered = parts.reduce((next, part) => (part.fromRun === next ? part.toRun : NaN), 0);
  if (covered !== runs) throw new Error(`run rows cover ${covered} of ${runs} runs, not in order`);
  const join = (measure: 'idle' | 'lostThs') => {
    const all = new Float64Array(runs * days);
    for (const part of parts) all.set(part[measure], part.fromRun * days);
    return all;
  };
  const idle = join('idle');
  const lostThs = join('lostThs');
  const poolSum = (measure: 'poolIdleLastDay' | 'poolIdleDays', p: number) => parts.reduce((sum, part) => sum + part[measure][p], 0);

  const column = new Float64Array(runs);
  const spreadOfDay = (values: Float64Array, day: number): Spread => {
    for (let run = 0; run < runs; run++) column[run] = values[run * days + day];
    return spreadOf(column);
  };
  const daily = Array.from({ length: days }, (_, d) =>
    dailyProjection(d + 1, spreadOfDay(idle, d), spreadOfDay(lostThs, d), input.hashpriceUsdPerThDay),
  );
  const spreadOfRunTotals = (values: Float64Array): Spread => {
    for (let run = 0; run < runs; run++) {
      let sum = 0;
      for (let d = 0; d < days; d++) sum += values[run * days + d];
      column[run] = sum;
    }
    return spreadOf(column);
  };
  const lostThDays = spreadOfRunTotals(lostThs);
  return {
    runs,
    horizonDays: days,
    seed,
    daily,
    totals: {
      idleMachineDays: spreadOfRunTotals(idle),
      lostThDays,
      lostUsd: scaleSpread(lostThDays, input.hashpriceUsdPerThDay),
    },
    byPool: input.pools.map((pool, p) => ({
      key: poolKey(pool),
      idleMeanLastDay: poolSum('poolIdleLastDay', p) / runs,
      idleMachineDaysMean: poolSum('poolIdleDays', p) / runs,
    })),
  };
}

/** The whole simulation in the calling thread. */
export function simulate(input: SimulationInput, probe: SimulationProbe = {}): SimulationResult {
  assertValidSimulationInput(input);
  return summariseRuns(input, [simulateRuns(input, 0, input.runs, probe)]);
}
