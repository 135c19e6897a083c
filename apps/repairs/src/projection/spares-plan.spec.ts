import fc from 'fast-check';
import { CONTRACT_PSU_POOL } from '../../test/contract-pool';
import { ProjectionInputError } from './errors';
import { metricProjection } from './metric';
import { expectedBackorders } from './poisson';
import { planSpares, SparesPlanInput, SparesPlanPool } from './spares-plan';

const psu: SparesPlanPool = { ...CONTRACT_PSU_POOL, center: 'AR-REPAIR', unitCostUsdCents: 25_000 };
const fan: SparesPlanPool = { ...psu, component: 'fan', annualFailureRate: 0.3, turnaroundDays: 10, spares: 40, unitCostUsdCents: 3_000 };
const hashboard: SparesPlanPool = { ...psu, component: 'hashboard', annualFailureRate: 0.05, turnaroundDays: 45, spares: 30, unitCostUsdCents: 90_000 };
const input = (goal: SparesPlanInput['goal'], pools = [psu, fan, hashboard]): SparesPlanInput => ({ pools, goal, hashpriceUsdPerThDay: 0.05 });

/** Best plan by exhaustive search over small allocations, to check the greedy one against. */
function bestIdleByExhaustiveSearch(pools: SparesPlanPool[], budget: number, maxEach: number): number {
  const means = pools.map((p) => ((p.machines * p.annualFailureRate) / 365) * (p.turnaroundDays + (p.customs?.holdProbability ?? 0) * (p.customs?.meanHoldDays ?? 0)));
  let best = Infinity;
  const walk = (i: number, left: number, idle: number) => {
    if (i === pools.length) return void (best = Math.min(best, idle));
    for (let k = 0; k <= maxEach && k * pools[i].unitCostUsdCents <= left; k++) {
      walk(i + 1, left - k * pools[i].unitCostUsdCents, idle + expectedBackorders(means[i], pools[i].spares + k));
    }
  };
  walk(0, budget, 0);
  return best;
}

describe('planSpares with a budget', () => {
  it('spends nothing with a zero budget and reports the current state', () => {
    const plan = planSpares(input({ budgetUsdCents: 0 }));
    expect(plan.totalCostUsdCents).toBe(0);
    expect(plan.after).toEqual(plan.before);
    expect(plan.before.expectedIdleMachines).toBeCloseTo(metricProjection(input({ budgetUsdCents: 0 })).expectedIdleMachines, 12);
  });

  it('stays within budget, prices in exact cents and lowers idle machines', () => {
    const plan = planSpares(input({ budgetUsdCents: 2_500_000_00 }));
    expect(plan.totalCostUsdCents).toBeLessThanOrEqual(2_500_000_00);
    for (const a of plan.allocation) expect(a.costUsdCents).toBe(a.addedSpares * [psu, fan, hashboard].find((p) => p.component === a.component)!.unitCostUsdCents);
    expect(plan.after.expectedIdleMachines).toBeLessThan(plan.before.expectedIdleMachines);
    expect(plan.after.lostRevenueUsdPerDay).toBeLessThan(plan.before.lostRevenueUsdPerDay);
    expect(plan.after.availability).toBeGreaterThan(plan.before.availability);
  });

  it('buys the cheap, busy fan pool first', () => {
    const plan = planSpares(input({ budgetUsdCents: 30_000 }));
    expect(plan.allocation.map((a) => a.addedSpares)).toEqual([0, 10, 0]);
  });

  it('is close to the best allocation found by exhaustive search', () => {
    const pools = [{ ...psu, spares: 60 }, { ...fan, spares: 80 }, { ...hashboard, spares: 25 }];
    const budget = 400_000;
    const greedy = planSpares(input({ budgetUsdCents: budget }, pools)).after.expectedIdleMachines;
    const best = bestIdleByExhaustiveSearch(pools, budget, 40);
    expect(greedy).toBeLessThanOrEqual(best * 1.02 + 1e-9);
  });

  it('buys thousands of spares for a huge fleet (its speed is the bench\'s to judge)', () => {
    const big = [{ ...psu, machines: 1_000_000, spares: 0 }, { ...fan, machines: 1_000_000, spares: 0 }];
    const plan = planSpares(input({ budgetUsdCents: 5_000_000_00 }, big));
    expect(plan.allocation.reduce((sum, a) => sum + a.addedSpares, 0)).toBeGreaterThan(5000);
  });

  it('never gets worse with more budget', () => {
    const pool = fc.record({
      machines: fc.integer({ min: 10, max: 50_000 }),
      annualFailureRate: fc.double({ min: 0.01, max: 1, noNaN: true }),
      turnaroundDays: fc.double({ min: 1, max: 90, noNaN: true }),
      spares: fc.integer({ min: 0, max: 100 }),
      unitCostUsdCents: fc.integer({ min: 1, max: 100_000 }),
    });
    fc.assert(
      fc.property(fc.array(pool, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 2_000_000 }), (raw, a, b) => {
        const pools = raw.map((p, i) => ({ ...psu, ...p, customs: undefined, component: (['psu', 'fan', 'hashboard', 'other'] as const)[i] }));
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lowPlan = planSpares(input({ budgetUsdCents: low }, pools));
        const highPlan = planSpares(input({ budgetUsdCents: high }, pools));
        expect(highPlan.after.expectedIdleMachines).toBeLessThanOrEqual(lowPlan.after.expectedIdleMachines + 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});

describe('planSpares with a target availability', () => {
  it('reaches the target with the cheapest greedy plan', () => {
    const plan = planSpares(input({ targetAvailability: 0.9999 }));
    expect(plan.goalMet).toBe(true);
    expect(plan.after.availability).toBeGreaterThanOrEqual(0.9999);
    expect(plan.before.availability).toBeLessThan(0.9999);
  });

  it('says so when the cap on extra spares stops it short', () => {
    const plan = planSpares({ ...input({ targetAvailability: 0.999999 }), maxExtraSpares: 3 });
    expect(plan.goalMet).toBe(false);
    expect(plan.allocation.reduce((sum, a) => sum + a.addedSpares, 0)).toBe(3);
  });

  it('rejects impossible goals and prices', () => {
    expect(() => planSpares(input({ targetAvailability: 1 }))).toThrow(ProjectionInputError);
    expect(() => planSpares(input({ budgetUsdCents: 10.5 }))).toThrow(ProjectionInputError);
    expect(() => planSpares(input({ budgetUsdCents: 10 }, [{ ...psu, unitCostUsdCents: 0 }]))).toThrow(ProjectionInputError);
  });
});
