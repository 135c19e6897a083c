import { formatSteadyState, metricProjection, SCENARIO_SEEDS } from '../projection';
import { buildUptimeProblem, LiveSnapshot, ProblemRequest, splitProportionally } from './uptime-problem';

const CONTRACT_EXAMPLE: ProblemRequest = {
  horizonDays: 90,
  fleet: [{ model: 'S21', machines: 10000, hashrateThs: 200 }],
  components: [{ component: 'psu', annualFailureRate: 0.1, turnaroundDays: 21, spares: 50 }],
  customs: { holdProbability: 0.3, meanHoldDays: 14 },
  hashpriceUsdPerThDay: 0.05,
};

const scenario = (name: string) => SCENARIO_SEEDS.find((s) => s.name === name)!;

const emptyLive = (overrides: Partial<LiveSnapshot> = {}): LiveSnapshot => ({
  fleet: [],
  components: {},
  customs: {},
  openBackorders: [],
  heldShipments: [],
  inTransit: [],
  ...overrides,
});

const sourceOf = (problem: ReturnType<typeof buildUptimeProblem>, name: string) => problem.parameters.find((p) => p.name === name)?.source;

function steadyState(request: ProblemRequest, scenarioName?: string, live?: LiveSnapshot) {
  const problem = buildUptimeProblem(request, scenarioName ? scenario(scenarioName) : undefined, live, '2026-11-23');
  return formatSteadyState(
    metricProjection({
      pools: problem.pools,
      hashpriceUsdPerThDay: problem.hashpriceUsdPerThDay,
      horizonDays: request.horizonDays,
      fleetMachines: problem.fleetMachines,
    }),
  );
}

describe('buildUptimeProblem', () => {
  it('turns the contract example into one empty psu pool that reproduces the worked figures', () => {
    const problem = buildUptimeProblem(CONTRACT_EXAMPLE, undefined, undefined, '2026-11-23');
    expect(problem.pools).toHaveLength(1);
    expect(problem.pools[0]).toMatchObject({
      component: 'psu', maker: 'Bitmain', machines: 10000, spares: 50, turnaroundDays: 21, hashrateThsPerMachine: 200,
      customs: { holdProbability: 0.3, meanHoldDays: 14 },
    });
    expect(problem.pools[0].initial).toBeUndefined();
    const view = steadyState(CONTRACT_EXAMPLE);
    expect(view).toMatchObject({
      basis: 'steady_state', expectedIdleMachines: 19.06, availability: 0.998094, lostHashrateThs: 3812.3, lostRevenueUsdPerDay: 190.62,
    });
    expect(view.byComponent[0]).toMatchObject({ component: 'psu', pipelineMean: 69.04, expectedBackorders: 19.06 });
  });

  it('reports every value with its source: request, scenario, live or default', () => {
    const problem = buildUptimeProblem(
      { horizonDays: 30, components: [{ component: 'psu', spares: 5 }] },
      scenario('regulatory'),
      emptyLive({
        fleet: [{ model: 'M50', machines: 100, hashrateThs: 120, maker: 'MicroBT' }],
        storedMakers: ['M50'],
        components: { psu: { annualFailureRate: 0.2 } },
        customs: { holdProbability: 0.1 },
      }),
      '2026-11-23',
    );
    expect(sourceOf(problem, 'fleet.M50.machines')).toBe('live');
    expect(sourceOf(problem, 'fleet.M50.maker')).toBe('live');
    expect(sourceOf(problem, 'components.psu.spares')).toBe('request');
    expect(sourceOf(problem, 'components.psu.annualFailureRate')).toBe('live');
    expect(sourceOf(problem, 'components.psu.turnaroundDays')).toBe('default');
    expect(sourceOf(problem, 'customs.holdProbability')).toBe('scenario');
    expect(sourceOf(problem, 'hashpriceUsdPerThDay')).toBe('default');
    expect(problem.parameters.find((p) => p.name === 'scenario')).toEqual({ name: 'scenario', value: 'regulatory', source: 'request' });
  });

  it('takes live customs over defaults, and the request over the scenario', () => {
    const live = emptyLive({ fleet: [{ model: 'S21', machines: 10, hashrateThs: 200 }], customs: { meanHoldDays: 9 } });
    const withLive = buildUptimeProblem({ horizonDays: 10 }, undefined, live, '2026-11-23');
    expect(sourceOf(withLive, 'customs.meanHoldDays')).toBe('live');
    expect(sourceOf(withLive, 'customs.holdProbability')).toBe('default');
    const withRequest = buildUptimeProblem({ horizonDays: 10, customs: { holdProbability: 0.9 } }, scenario('baseline'), live, '2026-11-23');
    expect(sourceOf(withRequest, 'customs.holdProbability')).toBe('request');
    expect(withRequest.pools[0].shift?.regime.customs.holdProbability).toBe(0.9);
  });

  it('puts open backorders, held shipments and shipments under way into the pools’ initial state', () => {
    const problem = buildUptimeProblem(
      { horizonDays: 30, customs: { meanHoldDays: 10 } },
      undefined,
      emptyLive({
        fleet: [{ model: 'S21', machines: 100, hashrateThs: 200 }],
        openBackorders: [{ component: 'psu', maker: 'Bitmain', machines: 3 }],
        heldShipments: [{ component: 'psu', units: 4, daysHeld: 3 }, { component: 'psu', units: 1, daysHeld: 30 }],
        inTransit: [{ component: 'fan', units: 2, dueInDays: 5 }],
      }),
      '2026-11-23',
    );
    const psu = problem.pools.find((p) => p.component === 'psu')!;
    expect(psu.initial).toEqual({
      openBackorders: 3,
      heldShipments: [{ units: 4, meanRemainingDwellDays: 7 }, { units: 1, meanRemainingDwellDays: 1 }],
    });
    expect(problem.pools.find((p) => p.component === 'fan')!.initial).toEqual({ pipeline: [{ dueInDays: 5, units: 2 }] });
  });

  it('splits pools by maker when the fleet mixes makers, sharing spares by machines', () => {
    const problem = buildUptimeProblem(
      {
        horizonDays: 30,
        fleet: [{ model: 'S21', machines: 300, hashrateThs: 200 }, { model: 'M50', machines: 100, hashrateThs: 120 }],
        components: [{ component: 'fan', spares: 10 }],
      },
      undefined,
      undefined,
      '2026-11-23',
    );
    expect(problem.pools.map((p) => [p.maker, p.machines, p.spares])).toEqual([['Bitmain', 300, 8], ['MicroBT', 100, 2]]);
    expect(problem.fleetMachines).toBe(400);
  });

  it('orders idle machines baseline < regulatory < sanctions for the same fleet', () => {
    const request: ProblemRequest = { ...CONTRACT_EXAMPLE, customs: undefined, horizonDays: 180 };
    const idle = ['baseline', 'regulatory', 'sanctions'].map((name) => steadyState(request, name).expectedIdleMachines);
    expect(idle[0]).toBeLessThan(idle[1]);
    expect(idle[1]).toBeLessThan(idle[2]);
  });
});

describe('buildUptimeProblem input checks', () => {
  it('refuses a component given twice, naming it', () => {
    const request: ProblemRequest = { horizonDays: 10, components: [{ component: 'psu' }, { component: 'fan' }, { component: 'psu' }] };
    expect(() => buildUptimeProblem(request, undefined, undefined, '2026-11-23')).toThrow('components.2.component: psu is given twice');
  });
});

describe('splitProportionally', () => {
  it('keeps the total and follows the weights', () => {
    expect(splitProportionally(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(splitProportionally(5, [0, 0])).toEqual([5, 0]);
    expect(splitProportionally(7, [3, 4]).reduce((a, b) => a + b)).toBe(7);
  });
});
