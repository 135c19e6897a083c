/**
 * Inventory: reservations through REST against the same SQL from a raw pg pool (the service's
 * overhead: HTTP, auth, validation, TypeORM, outbox), spread over 50 SKUs and on one hot row; and
 * how long a committed event takes to reach a JetStream consumer at 1,000 events per second.
 */
import { InventoryEvents, Transactions } from '@app/common';
import { registerBench, row, type BenchOptions, type BenchRow } from '../registry';
import { describeFailures, runLoad, startConsumer, summarise, type HttpRequestSpec } from '../support/load';
import { BenchStack } from '../support/stack';

const CONCURRENCY = 50;
const LOCATION = 'AR-REPAIR';
/** Enough on hand that no run runs dry (a receipt may bring at most 1,000,000). */
const STOCK_PER_SKU = 1_000_000;

/** Creates `count` parts named `<prefix>-<n>` and receives stock of each at LOCATION, as an ERP would. */
async function stockedSkus(stack: BenchStack, erpKey: string, prefix: string, count: number): Promise<string[]> {
  const skus = Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
  for (let start = 0; start < skus.length; start += 10) {
    await Promise.all(
      skus.slice(start, start + 10).map(async (sku) => {
        await stack.call('inventory', 'POST', '/parts', { sku, name: `Bench part ${sku}`, category: 'fan' }, erpKey);
        await stack.call('inventory', 'POST', '/stock/receipts', { sku, locationCode: LOCATION, quantity: STOCK_PER_SKU }, erpKey);
      }),
    );
  }
  return skus;
}

interface Comparison {
  rest: ReturnType<typeof summarise>;
  raw: ReturnType<typeof summarise>;
}

/** The same reservations, first through REST, then as raw SQL transactions, on the same PostgreSQL. */
async function compareReservations(options: BenchOptions, skuCount: number, tag: string): Promise<Comparison> {
  const stack = await BenchStack.start(['inventory']);
  try {
    const erpKey = await stack.apiKey('erp');
    const staffKey = await stack.apiKey('repair_staff');
    const restSkus = await stockedSkus(stack, erpKey, `BENCH-${tag}-REST`, skuCount);
    const rawSkus = await stockedSkus(stack, erpKey, `BENCH-${tag}-SQL`, skuCount);
    const requests: HttpRequestSpec[] = restSkus.map((sku) => ({
      method: 'POST',
      path: '/reservations',
      body: { sku, locationCode: LOCATION, quantity: 1 },
    }));
    const rest = await runLoad({
      kind: 'http', baseUrl: stack.url('inventory'), key: staffKey, requests, expectStatus: 201,
      concurrency: CONCURRENCY, warmupMs: options.warmupMs, durationMs: options.durationMs,
    });
    const raw = await runLoad({
      kind: 'pg', databaseUrl: stack.database.url, schema: 'inventory', skus: rawSkus, locationCode: LOCATION,
      connections: stack.databasePoolSize, concurrency: CONCURRENCY, warmupMs: options.warmupMs, durationMs: options.durationMs,
    });
    return { rest: summarise(rest), raw: summarise(raw) };
  } finally {
    await stack.stop();
  }
}

function ratio(comparison: Comparison): number {
  return comparison.raw.perSecond === 0 ? 0 : comparison.rest.perSecond / comparison.raw.perSecond;
}

registerBench({
  name: 'inventory.reservations',
  description: `POST /reservations, ${CONCURRENCY} keep-alive clients over ${CONCURRENCY} SKUs, beside the same SQL transaction from ${CONCURRENCY} clients sharing as many raw pg connections as the service's pool`,
  async run(options): Promise<BenchRow[]> {
    const name = 'inventory.reservations';
    const result = await compareReservations(options, CONCURRENCY, 'SPREAD');
    return [
      row(name, 'REST reservations/s', result.rest.perSecond, '/s', undefined, describeFailures(result.rest.failures)),
      row(name, 'REST p50', result.rest.p50Ms ?? NaN, 'ms'),
      row(name, 'REST p99', result.rest.p99Ms ?? NaN, 'ms', { below: 50 }),
      row(name, 'raw SQL reservations/s', result.raw.perSecond, '/s', undefined, describeFailures(result.raw.failures)),
      row(name, 'raw SQL p50', result.raw.p50Ms ?? NaN, 'ms'),
      row(name, 'raw SQL p99', result.raw.p99Ms ?? NaN, 'ms'),
      row(name, 'REST / raw SQL', ratio(result), 'ratio', { atLeast: 0.7 }),
    ];
  },
});

registerBench({
  name: 'inventory.reservations-hot-row',
  description: `as inventory.reservations, but all ${CONCURRENCY} clients reserve the same SKU at the same location`,
  async run(options): Promise<BenchRow[]> {
    const name = 'inventory.reservations-hot-row';
    const result = await compareReservations(options, 1, 'HOT');
    return [
      row(name, 'REST reservations/s', result.rest.perSecond, '/s', undefined, describeFailures(result.rest.failures)),
      row(name, 'raw SQL reservations/s', result.raw.perSecond, '/s', undefined, describeFailures(result.raw.failures)),
      row(name, 'REST / raw SQL', ratio(result), 'ratio'),
    ];
  },
});

const EVENT_RATE = 1000;

registerBench({
  name: 'inventory.outbox-latency',
  description: `POST /stock/receipts at ${EVENT_RATE}/s; commit (occurredAt) to arrival at a JetStream consumer of inventory.stock.received`,
  async run(options): Promise<BenchRow[]> {
    const name = 'inventory.outbox-latency';
    const stack = await BenchStack.start(['inventory']);
    try {
      const erpKey = await stack.apiKey('erp');
      const skus = await stockedSkus(stack, erpKey, 'BENCH-OUTBOX', 20);
      const measureFrom = Date.now() + options.warmupMs;
      const consumer = await startConsumer({
        natsUrl: stack.nats.url, stream: 'INVENTORY', subject: 'inventory.stock.received',
        skuPrefix: 'BENCH-OUTBOX', measureFrom, measureTo: measureFrom + options.durationMs,
      });
      const load = await runLoad({
        kind: 'http-rate', baseUrl: stack.url('inventory'), key: erpKey, expectStatus: 201, ratePerSecond: EVENT_RATE,
        requests: skus.map((sku) => ({ method: 'POST', path: '/stock/receipts', body: { sku, locationCode: LOCATION, quantity: 1 } })),
        concurrency: 200, warmupMs: options.warmupMs, durationMs: options.durationMs,
      });
      const received = await consumer.stop();
      const sent = summarise(load);
      const latency = summarise({ ok: received.received, failures: {}, latenciesMs: received.latenciesMs, elapsedMs: options.durationMs });
      return [
        row(name, 'receipts committed/s', sent.perSecond, '/s', { atLeast: EVENT_RATE * 0.95 }, describeFailures(sent.failures)),
        row(name, 'events received in window', received.received, 'events', undefined, `${sent.ok} receipts answered 201 in the window`),
        row(name, 'commit → consumer p50', latency.p50Ms ?? NaN, 'ms'),
        row(name, 'commit → consumer p99', latency.p99Ms ?? NaN, 'ms'),
      ];
    } finally {
      await stack.stop();
    }
  },
});

/**
 * The outbox path alone at 1,000 events/s: transactions that each commit one stock event through
 * the service's own Transactions (no HTTP, so the rate is not capped by request handling), timed
 * from the event's occurredAt to its arrival at a JetStream consumer.
 */
registerBench({
  name: 'inventory.outbox-latency-direct',
  description: `${EVENT_RATE} committed events/s through the service's outbox (one transaction each, no HTTP); occurredAt to arrival at a JetStream consumer`,
  async run(options): Promise<BenchRow[]> {
    const name = 'inventory.outbox-latency-direct';
    const stack = await BenchStack.start(['inventory']);
    try {
      const app = stack.services.get('inventory')?.app;
      if (!app) throw new Error('inventory must run in this process');
      const transactions = app.get(Transactions);
      const measureFrom = Date.now() + options.warmupMs;
      const measureTo = measureFrom + options.durationMs;
      const consumer = await startConsumer({
        natsUrl: stack.nats.url, stream: 'INVENTORY', subject: 'inventory.stock.received',
        skuPrefix: 'BENCH-DIRECT', measureFrom, measureTo,
      });
      const emit = (index: number) =>
        transactions.run((unit) =>
          unit.emit(InventoryEvents.stockReceived, {
            sku: `BENCH-DIRECT-${index % 50}`, locationCode: LOCATION, quantity: 1, source: 'receipt',
            balance: { onHand: 1, reserved: 0, available: 1, inTransit: 0 },
          }),
        );
      let committed = 0;
      let failed = 0;
      // The rate is judged by the commits that finished inside the measured window, as the latencies are.
      let committedInWindow = 0;
      const inFlight = new Set<Promise<unknown>>();
      const started = Date.now();
      // Open loop: every 10 ms, the commits that keep the rate at EVENT_RATE per second.
      while (Date.now() < measureTo) {
        const due = Math.floor(((Date.now() - started) / 1000) * EVENT_RATE);
        for (; committed + failed + inFlight.size < due; ) {
          const index = committed + failed + inFlight.size;
          const commit: Promise<unknown> = emit(index).then(
            () => {
              committed += 1;
              const at = Date.now();
              if (at >= measureFrom && at < measureTo) committedInWindow += 1;
            },
            () => (failed += 1),
          );
          inFlight.add(commit);
          void commit.finally(() => inFlight.delete(commit));
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await Promise.allSettled([...inFlight]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const received = await consumer.stop();
      const latency = summarise({ ok: received.received, failures: {}, latenciesMs: received.latenciesMs, elapsedMs: options.durationMs });
      return [
        row(name, 'events committed/s', committedInWindow / (options.durationMs / 1000), '/s', { atLeast: EVENT_RATE * 0.95 }, failed ? `failed: ${failed}` : undefined),
        row(name, 'events received in window', received.received, 'events'),
        row(name, 'commit → consumer p50', latency.p50Ms ?? NaN, 'ms'),
        row(name, 'commit → consumer p99', latency.p99Ms ?? NaN, 'ms', { below: 50 }),
      ];
    } finally {
      await stack.stop();
    }
  },
});
