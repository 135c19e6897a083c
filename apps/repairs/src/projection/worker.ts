/**
 * Worker-thread entry: simulates ranges of runs off the HTTP event loop, one job at a time, for as
 * long as the thread is kept (starting a thread costs tens of milliseconds). The worker with a job's
 * first range also summarises: the parent forwards it the other workers' rows, so sorting every day's
 * runs for its percentiles never runs on the calling thread either.
 */
import { type MessagePort, parentPort } from 'node:worker_threads';
import type { SimulationInput } from './simulation-input';
import { rowBuffers, type RunRows, simulateRuns, type SimulationResult, summariseRuns } from './simulator';

export interface SimulationJob {
  input: SimulationInput;
  fromRun: number;
  toRun: number;
  /** How many other workers' rows this worker receives and summarises with its own; absent: it posts its rows. */
  summarisesWith?: number;
}

/** What the parent sends: a job, or (to a job's summarising worker) another worker's rows. */
export type SimulationWorkerCommand = { job: SimulationJob } | { rows: RunRows };

/** What a worker posts: its rows for the summarising worker, or, from that one, the projection. */
export type SimulationWorkerMessage = { rows: RunRows } | { result: SimulationResult };

const port = parentPort as MessagePort;
let summary: { input: SimulationInput; parts: RunRows[]; expected: number } | undefined;

function summariseIfComplete(): void {
  if (!summary || summary.parts.length < summary.expected) return;
  const { input, parts } = summary;
  summary = undefined;
  parts.sort((a, b) => a.fromRun - b.fromRun);
  port.postMessage({ result: summariseRuns(input, parts) } satisfies SimulationWorkerMessage);
}

// Rows the parent forwards while this thread simulates wait in the port's queue until it is done.
port.on('message', (command: SimulationWorkerCommand) => {
  if ('rows' in command) {
    summary?.parts.push(command.rows);
    summariseIfComplete();
    return;
  }
  const { input, fromRun, toRun, summarisesWith } = command.job;
  const rows = simulateRuns(input, fromRun, toRun);
  if (summarisesWith === undefined) {
    port.postMessage({ rows } satisfies SimulationWorkerMessage, rowBuffers(rows));
    return;
  }
  summary = { input, parts: [rows], expected: summarisesWith + 1 };
  summariseIfComplete();
});
