/** Worker-thread entry: simulates one range of runs off the HTTP event loop and posts their rows back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { SimulationInput } from './simulation-input';
import { simulateRuns } from './simulator';

export interface SimulationJob {
  input: SimulationInput;
  fromRun: number;
  toRun: number;
}

const { input, fromRun, toRun } = workerData as SimulationJob;
const rows = simulateRuns(input, fromRun, toRun);
// The rows' buffers move to the parent thread instead of being copied.
const buffers = [rows.idle, rows.lostThs, rows.poolIdleLastDay, rows.poolIdleDays].map((values) => values.buffer as ArrayBuffer);
parentPort?.postMessage(rows, buffers);
