/**
 * The Monte Carlo simulator alone in a process of its own, so its time and peak RSS are its own, run as
 * the service runs it (runSimulationInWorker: worker threads, one per core, start-up included):
 * `node -r scripts/register-aliases.js dist/bench/support/simulate-child.js '{"machines":1000000,"runs":1000,"horizonDays":180}'`
 * prints one JSON line `{ ms, peakRssMb, idleMachineDaysMean }`.
 */
import { runSimulationInWorker, type SimulationPool } from '../../apps/repairs/src/projection';

const COMPONENTS = [
  { component: 'hashboard', annualFailureRate: 0.1, turnaroundDays: 30 },
  { component: 'fan', annualFailureRate: 0.15, turnaroundDays: 10 },
  { component: 'psu', annualFailureRate: 0.08, turnaroundDays: 14 },
  { component: 'control_board', annualFailureRate: 0.05, turnaroundDays: 21 },
] as const;
const POOL_CENTERS = ['AR-REPAIR', 'ND-REPAIR', 'OK-REPAIR'];

/** 4 components x 3 repair centers, each center serving a third of `machines`, spares a little under the mean demand in repair. */
export function equivalentPools(machines: number): SimulationPool[] {
  return COMPONENTS.flatMap((component) =>
    POOL_CENTERS.map((center, index) => {
      const served = Math.floor(machines / POOL_CENTERS.length) + (index < machines % POOL_CENTERS.length ? 1 : 0);
      const inRepair = (served * component.annualFailureRate * component.turnaroundDays) / 365;
      return {
        ...component,
        center,
        machines: served,
        spares: Math.round(inRepair * 0.9),
        hashrateThsPerMachine: 170,
        customs: { holdProbability: 0.3, meanHoldDays: 14 },
      };
    }),
  );
}

if (require.main === module) {
  const { machines, runs, horizonDays } = JSON.parse(process.argv[2] ?? '{}') as { machines: number; runs: number; horizonDays: number };
  void (async () => {
    const started = performance.now();
    const result = await runSimulationInWorker({ pools: equivalentPools(machines), runs, horizonDays, seed: 1, hashpriceUsdPerThDay: 0.05 });
    const ms = performance.now() - started;
    process.stdout.write(`${JSON.stringify({ ms, peakRssMb: process.resourceUsage().maxRSS / 1024, idleMachineDaysMean: result.totals.idleMachineDays.mean })}\n`);
  })();
}
