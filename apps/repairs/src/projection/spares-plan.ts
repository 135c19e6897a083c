/**
 * Sherbrooke's marginal analysis: buy, one at a time, the spare with the largest drop in expected
 * backorders per dollar. EBO is convex in spares, so each pool's next spare is always its best, and a
 * max-heap over pools finds the next purchase in O(log pools) however many spares the budget buys.
 */
import { assertNoProblems } from './errors';
import { defaultFleetMachines, metricProjection, MetricInput, MetricPool, poolPipeline } from './metric';
import { expectedBackorders, poissonSurvival } from './poisson';
import { poolKey } from './projection.types';

export interface SparesPlanPool extends MetricPool {
  unitCostUsdCents: number;
}

export type SparesPlanGoal = { budgetUsdCents: number } | { targetAvailability: number };

export interface SparesPlanInput extends Omit<MetricInput, 'pools'> {
  pools: SparesPlanPool[];
  goal: SparesPlanGoal;
  /** Stops a target that only astronomically many spares could meet. */
  maxExtraSpares?: number;
}

export interface SparesAllocation {
  key: string;
  component: SparesPlanPool['component'];
  center: string | null;
  addedSpares: number;
  spares: number;
  costUsdCents: number;
  expectedBackorders: number;
}

export interface SparesOutcome {
  expectedIdleMachines: number;
  availability: number;
  lostHashrateThs: number;
  lostRevenueUsdPerDay: number;
}

export interface SparesPlan {
  allocation: SparesAllocation[];
  totalCostUsdCents: number;
  /** False when the target availability could not be reached within maxExtraSpares. */
  goalMet: boolean;
  before: SparesOutcome;
  after: SparesOutcome;
}

const DEFAULT_MAX_EXTRA_SPARES = 1_000_000;

interface Candidate {
  pool: number;
  /** EBO drop of the pool's next spare, per cent. */
  dropPerCent: number;
}

/** Max-heap on dropPerCent; ties go to the earlier pool so plans are deterministic. */
class CandidateHeap {
  private readonly items: Candidate[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Candidate | undefined {
    return this.items[0];
  }

  private before(a: Candidate, b: Candidate): boolean {
    return a.dropPerCent > b.dropPerCent || (a.dropPerCent === b.dropPerCent && a.pool < b.pool);
  }

  push(item: Candidate): void {
    const items = this.items;
    items.push(item);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): Candidate | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let best = i;
        if (l < items.length && this.before(items[l], items[best])) best = l;
        if (r < items.length && this.before(items[r], items[best])) best = r;
        if (best === i) break;
        [items[i], items[best]] = [items[best], items[i]];
        i = best;
      }
    }
    return top;
  }
}

function goalProblems(input: SparesPlanInput): string[] {
  const problems: string[] = [];
  input.pools.forEach((pool, i) => {
    if (!Number.isSafeInteger(pool.unitCostUsdCents) || pool.unitCostUsdCents < 1) {
      problems.push(`pools[${i}].unitCostUsdCents must be an integer >= 1`);
    }
  });
  const goal = input.goal;
  if ('budgetUsdCents' in goal && !(Number.isSafeInteger(goal.budgetUsdCents) && goal.budgetUsdCents >= 0)) {
    problems.push('goal.budgetUsdCents must be an integer >= 0');
  }
  if ('targetAvailability' in goal && !(goal.targetAvailability >= 0 && goal.targetAvailability < 1)) {
    problems.push('goal.targetAvailability must be >= 0 and < 1');
  }
  return problems;
}

function outcome(input: SparesPlanInput, pools: MetricPool[]): SparesOutcome {
  const { expectedIdleMachines, availability, lostHashrateThs, lostRevenueUsdPerDay } = metricProjection({ ...input, pools });
  return { expectedIdleMachines, availability, lostHashrateThs, lostRevenueUsdPerDay };
}

export function planSpares(input: SparesPlanInput): SparesPlan {
  assertNoProblems(goalProblems(input));
  const before = outcome(input, input.pools);
  const means = input.pools.map((pool) => poolPipeline(pool, input.horizonDays).pipelineMean);
  const spares = input.pools.map((pool) => pool.spares);
  const candidate = (pool: number): Candidate => ({
    pool,
    dropPerCent: poissonSurvival(spares[pool], means[pool]) / input.pools[pool].unitCostUsdCents,
  });
  const heap = new CandidateHeap();
  input.pools.forEach((_, i) => heap.push(candidate(i)));

  const goal = input.goal;
  let remainingCents = 'budgetUsdCents' in goal ? goal.budgetUsdCents : Infinity;
  let idle = input.pools.reduce((sum, pool, i) => sum + expectedBackorders(means[i], pool.spares), 0);
  const fleetMachines = input.fleetMachines ?? defaultFleetMachines(input.pools);
  const idleTarget = 'targetAvailability' in goal ? (1 - goal.targetAvailability) * fleetMachines : -Infinity;
  let purchases = 0;
  const maxPurchases = input.maxExtraSpares ?? DEFAULT_MAX_EXTRA_SPARES;
  while (idle > idleTarget && purchases < maxPurchases) {
    const best = heap.pop();
    if (!best || best.dropPerCent === 0) break;
    const cost = input.pools[best.pool].unitCostUsdCents;
    // A pool whose next spare no longer fits never will (its unit cost is constant): drop it, try cheaper ones.
    if (cost > remainingCents) continue;
    remainingCents -= cost;
    idle -= best.dropPerCent * cost;
    spares[best.pool]++;
    purchases++;
    heap.push(candidate(best.pool));
  }

  const planned = input.pools.map((pool, i) => ({ ...pool, spares: spares[i] }));
  const after = outcome(input, planned);
  const allocation = planned.map((pool, i) => ({
    key: poolKey(pool),
    component: pool.component,
    center: pool.center ?? null,
    addedSpares: pool.spares - input.pools[i].spares,
    spares: pool.spares,
    costUsdCents: (pool.spares - input.pools[i].spares) * pool.unitCostUsdCents,
    expectedBackorders: expectedBackorders(means[i], pool.spares),
  }));
  return {
    allocation,
    totalCostUsdCents: allocation.reduce((sum, a) => sum + a.costUsdCents, 0),
    // The running idle count is a sum of differences; allow for its rounding when judging the target.
    goalMet: 'targetAvailability' in goal ? after.availability >= goal.targetAvailability - 1e-9 : true,
    before,
    after,
  };
}
