/**
 * A JetStream consumer in a worker thread, as another service would be: a pull consumer on one
 * subject (ephemeral, no acks; the ordered consumer of nats.js 2.29 sends `filter_subjects`, which
 * nats-server 2.9 does not know, and then waits forever), measuring each event's `occurredAt` (written in the producing transaction, just before
 * its commit) to the moment it arrives here. Counts only events whose `occurredAt` falls in the
 * measured window and whose SKU starts with `skuPrefix`.
 *
 * Protocol: posts `{ ready: true }` once consuming; on `{ stop: true }` keeps reading until one
 * second passes without a message (or 15 s), then posts `{ report }`.
 */
import { AckPolicy, connect, DeliverPolicy, nanos } from 'nats';
import { parentPort, workerData } from 'node:worker_threads';

export interface ConsumeJob {
  natsUrl: string;
  stream: string;
  subject: string;
  skuPrefix: string;
  /** Epoch milliseconds: the measured window's bounds. */
  measureFrom: number;
  measureTo: number;
}

export interface ConsumeReport {
  received: number;
  latenciesMs: number[];
}

async function consume(job: ConsumeJob): Promise<ConsumeReport> {
  const nc = await connect({ servers: job.natsUrl });
  const { name } = await nc.jetstreamManager().then((jsm) =>
    jsm.consumers.add(job.stream, {
      filter_subject: job.subject,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.New,
      inactive_threshold: nanos(60_000),
    }),
  );
  const consumer = await nc.jetstream().consumers.get(job.stream, name);
  const messages = await consumer.consume();
  const latenciesMs: number[] = [];
  let lastMessageAt = Date.now();
  let stopRequestedAt: number | undefined;
  parentPort!.on('message', (message: { stop?: boolean }) => {
    if (message.stop) stopRequestedAt = Date.now();
  });
  const watchdog = setInterval(() => {
    const now = Date.now();
    if (stopRequestedAt !== undefined && (now - lastMessageAt > 1000 || now - stopRequestedAt > 15_000)) void messages.close();
  }, 100);
  parentPort!.postMessage({ ready: true });
  for await (const message of messages) {
    const arrived = Date.now();
    lastMessageAt = arrived;
    const envelope = message.json<{ occurredAt: string; data: { sku: string } }>();
    const occurred = Date.parse(envelope.occurredAt);
    if (envelope.data.sku.startsWith(job.skuPrefix) && occurred >= job.measureFrom && occurred < job.measureTo) {
      latenciesMs.push(arrived - occurred);
    }
  }
  clearInterval(watchdog);
  await nc.close();
  return { received: latenciesMs.length, latenciesMs };
}

if (parentPort) {
  consume(workerData as ConsumeJob).then(
    (report) => parentPort!.postMessage({ report }),
    (error: Error) => parentPort!.postMessage({ error: error.stack ?? error.message }),
  );
}
