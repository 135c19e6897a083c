/** Worker-thread entry: runs one simulation off the HTTP event loop and posts its result back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { SimulationInput } from './simulation-input';
import { simulate } from './simulator';

parentPort?.postMessage(simulate((workerData as { input: SimulationInput }).input));
