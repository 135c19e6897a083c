import { nearestRankPercentile } from '@app/common/domain';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConsumeJob, ConsumeReport } from './consume-worker';
import type { LoadJob, LoadReport } from './load-worker';

export type { HttpRequestSpec, LoadJob, LoadReport } from './load-worker';

/** Runs one load job in a worker thread (compiled next to this file) and waits for its report. */
export function runLoad(job: LoadJob): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'load-worker.js'), { workerData: job });
    worker.once('message', (message: { report?: LoadReport; error?: string }) => {
      if (message.report) resolve(message.report);
      else reject(new Error(`load worker failed: ${message.error}`));
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

export interface Summary {
  perSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  ok: number;
  failures: Record<string, number>;
}

export function summarise(report: LoadReport): Summary {
  return {
    perSecond: report.ok / (report.elapsedMs / 1000),
    p50Ms: nearestRankPercentile(report.latenciesMs, 50),
    p99Ms: nearestRankPercentile(report.latenciesMs, 99),
    ok: report.ok,
    failures: report.failures,
  };
}

export function describeFailures(failures: Record<string, number>): string | undefined {
  const entries = Object.entries(failures);
  return entries.length ? `failures: ${entries.map(([kind, count]) => `${kind}×${count}`).join(', ')}` : undefined;
}

export type { ConsumeJob, ConsumeReport } from './consume-worker';

/** A JetStream consumer in a worker thread; `stop()` lets it drain and resolves with what it measured. */
export async function startConsumer(job: ConsumeJob): Promise<{ stop(): Promise<ConsumeReport> }> {
  const worker = new Worker(join(__dirname, 'consume-worker.js'), { workerData: job });
  let settle: { resolve(report: ConsumeReport): void; reject(error: Error): void } | undefined;
  const finished = new Promise<ConsumeReport>((resolve, reject) => (settle = { resolve, reject }));
  await new Promise<void>((ready, failed) => {
    worker.on('message', (message: { ready?: boolean; report?: ConsumeReport; error?: string }) => {
      if (message.ready) ready();
      else if (message.report) settle!.resolve(message.report);
      else if (message.error) {
        const error = new Error(`consumer worker failed: ${message.error}`);
        failed(error);
        settle!.reject(error);
      }
    });
    worker.once('error', failed);
  });
  return {
    async stop() {
      worker.postMessage({ stop: true });
      try {
        return await finished;
      } finally {
        void worker.terminate();
      }
    },
  };
}
