/**
 * Worker-thread entry: simulates one range of runs off the HTTP event loop. The worker with the first
 * range also summarises: the parent forwards it the other workers' rows, so sorting every day's runs
 * for its percentiles never runs on the calling thread either.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { SimulationInput } from './simulation-input';
import { rowBuffers, type RunRows, simulateRuns, type SimulationResult, summariseRuns } from './simulator';

export interface SimulationJob {
  input: SimulationInput;
  fromRun: number;
  toRun: number;
  /** How many other workers' rows this worker receives and summarises with its own; absent: it posts its rows. */
  summarisesWith?: number;
}

/** What a worker posts: its rows for the summarising worker, or, from that one, the projection. */
export type SimulationWorkerMessage = { rows: RunRows } | { result: SimulationResult };

const port = parentPort as MessagePort;
const { input, fromRun, toRun, summarisesWith } = workerData as SimulationJob;
const rows = simulateRuns(input, fromRun, toRun);
if (summarisesWith === undefined) {
  port.postMessage({ rows } satisfies SimulationWorkerMessage, rowBuffers(rows));
} else {
  // Rows the parent forwarded while this thread was simulating wait in the port until this listener starts it.
  const parts = [rows];
  const summariseOnceAllArrived = () => {
    if (parts.length < summarisesWith + 1) return;
    port.off('message', receive);
    parts.sort((a, b) => a.fromRun - b.fromRun);
    port.postMessage({ result: summariseRuns(input, parts) } satisfies SimulationWorkerMessage);
  };
  const receive = (other: RunRows) => {
    parts.push(other);
    summariseOnceAllArrived();
  };
  port.on('message', receive);
  summariseOnceAllArrived();
}
