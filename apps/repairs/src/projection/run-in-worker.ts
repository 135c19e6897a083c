/**
 * Runs the Monte Carlo simulator in worker threads, so a long projection never blocks other requests,
 * with its runs split over the machine's cores (the rows of a run do not depend on the split). The
 * threads are kept between projections, idle ones not holding the process open: starting a thread
 * costs tens of milliseconds.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { assertValidSimulationInput, SimulationInput } from './simulation-input';
import { rowBuffers, SimulationResult } from './simulator';
import type { SimulationWorkerCommand, SimulationWorkerMessage } from './worker';

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

/** Below this many run-days per thread, a thread's start-up (tens of milliseconds) costs more than it saves. */
const MIN_RUN_DAYS_PER_THREAD = 20_000;

function startWorker(): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, 'worker.js'));
  const workerData = { entry: join(__dirname, 'worker.ts'), typescriptPath: require.resolve('typescript') };
  return new Worker(TRANSPILING_BOOTSTRAP, { eval: true, workerData });
}

/**
 * Threads waiting for a job, at most one per core. A job takes threads from here (starting more when
 * there are too few) and gives them back once it has its answer; a thread that failed or outlived a
 * timeout is terminated instead, so a kept thread is always idle and healthy.
 */
const idleThreads: Worker[] = [];

function takeThreads(count: number): Worker[] {
  return Array.from({ length: count }, () => {
    const worker = idleThreads.pop() ?? startWorker();
    worker.ref();
    return worker;
  });
}

function giveBack(workers: Worker[]): void {
  for (const worker of workers) {
    if (idleThreads.length < availableParallelism()) {
      worker.unref();
      idleThreads.push(worker);
    } else {
      void worker.terminate();
    }
  }
}

/** How many simulation threads are kept waiting for the next projection. */
export function idleSimulationThreads(): number {
  return idleThreads.length;
}

/** Consecutive run ranges, as even as whole runs allow. */
function runRanges(runs: number, threads: number): [number, number][] {
  return Array.from({ length: threads }, (_, i) => [Math.floor((runs * i) / threads), Math.floor((runs * (i + 1)) / threads)]);
}

/**
 * Validates in the calling thread (so ProjectionInputError/ProjectionLimitError keep their class), then
 * simulates in worker threads, one per core unless the simulation is small (or `threads` says how many).
 * The first worker summarises: this thread only hands it the others' rows (moved, not copied), so a
 * large projection never holds up other requests. `timeoutMs` stops runaway workers and rejects.
 */
export function runSimulationInWorker(input: SimulationInput, options: { timeoutMs?: number; threads?: number } = {}): Promise<SimulationResult> {
  try {
    assertValidSimulationInput(input);
  } catch (error) {
    return Promise.reject(error);
  }
  const threads = Math.min(
    input.runs,
    options.threads ?? Math.max(1, Math.min(availableParallelism(), Math.floor((input.runs * input.horizonDays) / MIN_RUN_DAYS_PER_THREAD))),
  );
  const workers = takeThreads(threads);
  const summariser = workers[0];
  return new Promise((resolve, reject) => {
    const posted = workers.map(() => false);
    // This job's listeners, taken off before its threads go back (a Worker's own listeners must stay).
    const detach: Array<() => void> = [];
    let settled = false;
    const settle = (finish: () => void, healthy = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const off of detach) off();
      if (healthy) giveBack(workers);
      else for (const worker of workers) void worker.terminate();
      finish();
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => settle(() => reject(new SimulationWorkerError(`simulation took longer than ${options.timeoutMs} ms`))), options.timeoutMs);
    runRanges(input.runs, threads).forEach(([fromRun, toRun], i) => {
      const worker = workers[i];
      const onMessage = (message: SimulationWorkerMessage) => {
        posted[i] = true;
        if ('result' in message) settle(() => resolve(message.result), true);
        else summariser.postMessage({ rows: message.rows } satisfies SimulationWorkerCommand, rowBuffers(message.rows));
      };
      const onError = (error: Error) => settle(() => reject(new SimulationWorkerError(error.message)));
      const onExit = (code: number) => {
        if (!posted[i]) settle(() => reject(new SimulationWorkerError(`simulation worker exited with code ${code}`)));
      };
      worker.once('message', onMessage).once('error', onError).once('exit', onExit);
      detach.push(() => worker.off('message', onMessage).off('error', onError).off('exit', onExit));
      const job = { input, fromRun, toRun, summarisesWith: i === 0 ? threads - 1 : undefined };
      worker.postMessage({ job } satisfies SimulationWorkerCommand);
    });
  });
}
