import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { ImportTracker } from '../bulk/import-tracker';
import { EventConsumers } from '../messaging/event-consumers';
import { OutboxRelay } from '../messaging/outbox-relay';

/** One registry per service instance (tests run several services in one process). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    relay: OutboxRelay,
    consumers: EventConsumers,
    dataSource: DataSource,
    imports: ImportTracker,
  ) {
    this.registry.setDefaultLabels({ service: config.service });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [this.registry],
    });
    new Gauge({
      name: 'outbox_backlog',
      help: 'Committed events not yet published to JetStream',
      registers: [this.registry],
      async collect() {
        this.set(await relay.backlog().catch(() => -1));
      },
    });
    new Gauge({
      name: 'consumer_lag',
      help: 'Events a durable consumer has not yet handled',
      labelNames: ['consumer'],
      registers: [this.registry],
      async collect() {
        const lags = await consumers.lag().catch(() => []);
        for (const lag of lags) this.set({ consumer: lag.durable }, lag.pending);
      },
    });
    new Gauge({
      name: 'parked_messages',
      help: 'Events parked after repeated failures, waiting for an operator',
      registers: [this.registry],
      async collect() {
        const rows = await dataSource
          .query(`SELECT count(*) AS count FROM ${config.service}.parked_messages`)
          .catch(() => [{ count: -1 }]);
        this.set(Number(rows[0].count));
      },
    });
    new Gauge({
      name: 'imports_unfinished',
      help: 'Bulk imports not finished: running, or abandoned by a process that stopped (send the file again)',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const unfinished = await imports.unfinished().catch(() => ({ running: 0, abandoned: 0 }));
        this.set({ state: 'running' }, unfinished.running);
        this.set({ state: 'abandoned' }, unfinished.abandoned);
      },
    });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }
}
