/**
 * Projections: the analytic (METRIC) projection through POST /projections/uptime with a million
 * machines of live data in the repairs database, and the same pools through the pure core; the Monte
 * Carlo simulator (1,000 runs x 180 days) in a process of its own at 10,000 and 1,000,000 machines
 * (time and peak RSS), and through REST.
 */
import { nearestRankPercentile } from '@app/common/domain';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { metricProjection } from '../../apps/repairs/src/projection';
import { registerBench, row, type BenchRow } from '../registry';
import { ROOT } from '../support/child-service';
import { CENTERS, seedMachines, seedOpenTickets, seedReturnedTickets } from '../support/fleet';
import { equivalentPools } from '../support/simulate-child';
import { BenchStack } from '../support/stack';

const FLEET = 1_000_000;
const COMPONENTS = ['hashboard', 'fan', 'psu', 'control_board'];
/** A year of returned tickets at a million machines: about 10% a year for each of the four components. */
const RETURNED_TICKETS = 400_000;
const REPEATS = 20;

async function timed(work: () => unknown, repeats = REPEATS): Promise<{ p50: number; p99: number; max: number }> {
  for (let i = 0; i < 2; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return { p50: nearestRankPercentile(times, 50) ?? NaN, p99: nearestRankPercentile(times, 99) ?? NaN, max: Math.max(...times) };
}

registerBench({
  name: 'projection.analytic',
  description: `POST /projections/uptime (analytic) filled from live data: ${FLEET.toLocaleString('en-US')} machines, ${COMPONENTS.length} components, ${CENTERS.length} centers, 20,000 open and ${RETURNED_TICKETS.toLocaleString('en-US')} returned tickets over the year; and the pure metricProjection on equivalent pools`,
  async run(): Promise<BenchRow[]> {
    const name = 'projection.analytic';
    const stack = await BenchStack.start(['repairs']);
    try {
      await seedMachines(stack, 'PROJ-', 1, FLEET);
      // A year of tickets (20,000 open now) over the four components and three centers: live failure rates.
      await seedOpenTickets(stack, 'PROJ-', FLEET, 50, COMPONENTS, 300);
      // And the year's closed tickets, which the live failure rates, center shares and turnarounds read.
      await seedReturnedTickets(stack, 'PROJ-', FLEET, RETURNED_TICKETS, COMPONENTS);
      // The projection's read models of inventory: one SKU per component, stock at each center.
      const skus = COMPONENTS.map((component) => ({ sku: `BENCH-${component.toUpperCase()}`, component }));
      await stack.sql(
        `INSERT INTO repairs.projection_parts (sku, category, compatible_models, unit_cost_usd)
         SELECT sku, category, ARRAY['Antminer S21'], 150 FROM unnest($1::text[], $2::text[]) AS p(sku, category)`,
        [skus.map((s) => s.sku), skus.map((s) => s.component)],
      );
      await stack.sql(
        `INSERT INTO repairs.projection_stock (sku, location_code, available, on_hand, as_of)
         SELECT sku, center, 400, 400, now() FROM unnest($1::text[]) sku, unnest($2::text[]) center`,
        [skus.map((s) => s.sku), CENTERS],
      );
      const key = await stack.apiKey('mine_manager');
      const body = { horizonDays: 90, method: 'analytic' };
      const firstStarted = performance.now();
      const answer = await stack.call<{ steadyState: unknown; parameters: Array<{ name: string; source: string }> }>(
        'repairs', 'POST', '/projections/uptime', body, key,
      );
      const first = performance.now() - firstStarted;
      const live = answer.parameters.filter((parameter) => parameter.source === 'live').length;
      const rest = await timed(() => stack.call('repairs', 'POST', '/projections/uptime', body, key));
      const pools = equivalentPools(FLEET);
      const pure = await timed(() => metricProjection({ pools, hashpriceUsdPerThDay: 0.05, horizonDays: 90 }), 200);
      return [
        row(name, 'REST (live data) first call', first, 'ms', undefined, 'counts the year’s settled days into ticket_days, once per install'),
        row(name, 'REST (live data) p50', rest.p50, 'ms', undefined, `${live} parameters from live data`),
        row(name, 'REST (live data) max', rest.max, 'ms', { below: 50 }, `over ${REPEATS} sequential calls`),
        row(name, `pure metricProjection, ${pools.length} pools, p50`, pure.p50, 'ms', { below: 50 }),
      ];
    } finally {
      await stack.stop();
    }
  },
});

const run = promisify(execFile);
const RUNS = 1000;
const HORIZON = 180;

/** The simulator in a fresh process: its time and its peak RSS. */
async function simulateAlone(machines: number): Promise<{ ms: number; peakRssMb: number }> {
  const { stdout } = await run(
    process.execPath,
    ['-r', join(ROOT, 'scripts', 'register-aliases.js'), join(ROOT, 'dist', 'bench', 'support', 'simulate-child.js'),
      JSON.stringify({ machines, runs: RUNS, horizonDays: HORIZON })],
    { cwd: ROOT, timeout: 120_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number; peakRssMb: number };
}

registerBench({
  name: 'projection.montecarlo',
  description: `Monte Carlo ${RUNS} runs x ${HORIZON} days, 12 pools (4 components x 3 centers), alone in a process at 10,000 and 1,000,000 machines; and POST /projections/uptime (monte_carlo) for 1,000,000 machines`,
  async run(): Promise<BenchRow[]> {
    const name = 'projection.montecarlo';
    // Best of three per size: the figure is the simulator's, not the shared machine's noise.
    const best = async (machines: number) => {
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await simulateAlone(machines));
      return { ms: Math.min(...results.map((r) => r.ms)), peakRssMb: Math.max(...results.map((r) => r.peakRssMb)) };
    };
    const small = await best(10_000);
    const large = await best(FLEET);
    const spread = Math.abs(large.ms - small.ms) / small.ms;
    const stack = await BenchStack.start(['repairs']);
    try {
      const key = await stack.apiKey('mine_manager');
      const body = {
        method: 'monte_carlo', horizonDays: HORIZON, runs: RUNS, seed: 1, hashpriceUsdPerThDay: 0.05,
        fleet: [
          { model: 'Antminer S21', machines: 400_000, hashrateThs: 200 },
          { model: 'Whatsminer M60', machines: 350_000, hashrateThs: 172 },
          { model: 'Avalon A1466', machines: 250_000, hashrateThs: 150 },
        ],
        components: COMPONENTS.map((component, i) => ({ component, annualFailureRate: [0.1, 0.15, 0.08, 0.05][i], turnaroundDays: [30, 10, 14, 21][i], spares: 2000 })),
        customs: { holdProbability: 0.3, meanHoldDays: 14 },
      };
      const rest = await timed(() => stack.call('repairs', 'POST', '/projections/uptime', body, key), 5);
      return [
        row(name, 'simulate, 10,000 machines', small.ms, 'ms', { below: 1000 }, `peak RSS ${small.peakRssMb.toFixed(0)} MB (whole process)`),
        row(name, 'simulate, 1,000,000 machines', large.ms, 'ms', { below: 1000 }, `peak RSS ${large.peakRssMb.toFixed(0)} MB (whole process)`),
        row(name, 'peak RSS, simulator process', Math.max(small.peakRssMb, large.peakRssMb), 'MB', { below: 300 }),
        row(name, 'time difference 1M vs 10k', spread, 'ratio', { below: 0.2 }),
        row(name, 'REST monte_carlo, 1M machines, 12 pools p50', rest.p50, 'ms', { below: 1000 }, `max ${rest.max.toFixed(0)} ms over 5; fleet and components in the request`),
      ];
    } finally {
      await stack.stop();
    }
  },
});
