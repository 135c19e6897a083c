import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { CONTRACT_PSU_POOL } from '../../test/contract-pool';
import { ProjectionLimitError } from './errors';
import { idleSimulationThreads, runSimulationInWorker, SimulationWorkerError } from './run-in-worker';
import type { SimulationInput } from './simulation-input';
import * as simulator from './simulator';
import { simulate } from './simulator';

const input: SimulationInput = {
  pools: [
    { ...CONTRACT_PSU_POOL, center: 'AR-REPAIR' },
    { component: 'fan', center: 'AR-REPAIR', machines: 10000, annualFailureRate: 0.3, turnaroundDays: 10, spares: 20, hashrateThsPerMachine: 200 },
  ],
  horizonDays: 60,
  runs: 100,
  seed: 7,
  hashpriceUsdPerThDay: 0.05,
};

/** The folder compiled to CommonJS, as `npm run build` would lay it out in dist. */
function compileFolder(): string {
  const out = mkdtempSync(join(tmpdir(), 'projection-'));
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
    const { outputText } = ts.transpileModule(readFileSync(join(__dirname, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    writeFileSync(join(out, file.replace(/\.ts$/, '.js')), outputText);
  }
  return out;
}

describe('runSimulationInWorker', () => {
  it('answers exactly what the simulator answers inline (transpiling worker under ts-jest)', async () => {
    const viaWorker = await runSimulationInWorker(input);
    expect(JSON.stringify(viaWorker)).toBe(JSON.stringify(simulate(input)));
  });

  it('answers exactly the same with the runs split over threads', async () => {
    const split = await runSimulationInWorker(input, { threads: 3 });
    expect(JSON.stringify(split)).toBe(JSON.stringify(simulate(input)));
  });

  it('leaves the summary (every day sorted for its percentiles) to a worker, not the calling thread', async () => {
    const summarise = jest.spyOn(simulator, 'summariseRuns');
    try {
      await runSimulationInWorker(input, { threads: 2 });
      expect(summarise).not.toHaveBeenCalled();
    } finally {
      summarise.mockRestore();
    }
  });

  it('answers the same from compiled JavaScript, loading worker.js', async () => {
    const out = compileFolder();
    try {
      const compiled = require(join(out, 'run-in-worker.js')) as typeof import('./run-in-worker');
      const viaWorker = await compiled.runSimulationInWorker(input, { threads: 2 });
      expect(JSON.stringify(viaWorker)).toBe(JSON.stringify(simulate(input)));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('keeps its threads for the next projection, and stops those that outlived a timeout', async () => {
    const first = await runSimulationInWorker(input, { threads: 2 });
    const kept = idleSimulationThreads();
    expect(kept).toBeGreaterThanOrEqual(2);
    const again = await runSimulationInWorker(input, { threads: 2 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(idleSimulationThreads()).toBe(kept);
    await expect(runSimulationInWorker({ ...input, horizonDays: 730, runs: 1369 }, { timeoutMs: 1, threads: 2 })).rejects.toBeInstanceOf(SimulationWorkerError);
    expect(idleSimulationThreads()).toBe(kept - 2);
    expect(JSON.stringify(await runSimulationInWorker(input, { threads: 2 }))).toBe(JSON.stringify(first));
  });

  it('rejects oversized input in the calling thread with the typed error', async () => {
    await expect(runSimulationInWorker({ ...input, horizonDays: 731 })).rejects.toBeInstanceOf(ProjectionLimitError);
  });

  it('rejects when the worker outlives its timeout', async () => {
    const slow = { ...input, horizonDays: 730, runs: 1369 };
    await expect(runSimulationInWorker(slow, { timeoutMs: 1 })).rejects.toBeInstanceOf(SimulationWorkerError);
  });
});
