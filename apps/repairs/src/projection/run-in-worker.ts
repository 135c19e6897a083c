/** Runs the Monte Carlo simulator in a worker thread, so a long projection never blocks other requests. */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { assertValidSimulationInput, SimulationInput } from './simulation-input';
import type { SimulationResult } from './simulator';

export class SimulationWorkerError extends Error {
  readonly code = 'SIMULATION_WORKER_FAILED';
}

/**
 * From ts-jest this file is .ts and Node cannot load a .ts worker, so the worker first registers a require hook
 * that transpiles with the `typescript` dev dependency; compiled code (dist/…/worker.js) never takes this path.
 */
const TRANSPILING_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const ts = require(workerData.typescriptPath);
const fs = require('node:fs');
require.extensions['.ts'] = (module, filename) => module._compile(
  ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText,
  filename,
);
require(workerData.entry);
`;

function startWorker(input: SimulationInput): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, 'worker.js'), { workerData: { input } });
  const workerData = { input, entry: join(__dirname, 'worker.ts'), typescriptPath: require.resolve('typescript') };
  return new Worker(TRANSPILING_BOOTSTRAP, { eval: true, workerData });
}

/**
 * Validates in the calling thread (so ProjectionInputError/ProjectionLimitError keep their class), then
 * simulates in a fresh worker; `timeoutMs` stops a runaway worker and rejects.
 */
export function runSimulationInWorker(input: SimulationInput, options: { timeoutMs?: number } = {}): Promise<SimulationResult> {
  try {
    assertValidSimulationInput(input);
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    const worker = startWorker(input);
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
      void worker.terminate();
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => settle(() => reject(new SimulationWorkerError(`simulation took longer than ${options.timeoutMs} ms`))), options.timeoutMs);
    worker.once('message', (result: SimulationResult) => settle(() => resolve(result)));
    worker.once('error', (error) => settle(() => reject(new SimulationWorkerError(error.message))));
    worker.once('exit', (code) => settle(() => reject(new SimulationWorkerError(`simulation worker exited with code ${code}`))));
  });
}
