import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { NatsConnectionHolder } from './nats-connection';

const BATCH_SIZE = 500;
const MAX_BACKOFF_MS = 5000;
const PUBLISH_TIMEOUT_MS = 5000;

interface OutboxRow {
  seq: string;
  id: string;
  subject: string;
  envelope: unknown;
}

/**
 * Publishes committed outbox rows to JetStream with the event id as message id, in commit order.
 * Woken right after each commit (no poll wait when NATS is healthy); a slow poll picks up rows left
 * by a crash or by another replica; failures back off exponentially and the rows stay until sent.
 * `FOR UPDATE SKIP LOCKED` lets several replicas share one outbox.
 */
@Injectable()
export class OutboxRelay implements BeforeApplicationShutdown {
  private readonly logger = new Logger('outbox-relay');
  private draining = false;
  private wakeAgain = false;
  private failures = 0;
  private retryTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private stopped = true;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnectionHolder,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  start(): void {
    this.stopped = false;
    this.pollTimer = setInterval(() => this.wake(), this.config.outboxPollMs);
    this.pollTimer.unref();
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    if (this.retryTimer) return;
    this.current = this.drain();
  }

  async backlog(): Promise<number> {
    const rows: Array<{ count: string }> = await this.dataSource.query(
      `SELECT count(*) AS count FROM ${this.config.service}.outbox WHERE sent_at IS NULL`,
    );
    return Number(rows[0].count);
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      do {
        this.wakeAgain = false;
        while (!this.stopped && (await this.publishBatch()) === BATCH_SIZE);
      } while (this.wakeAgain && !this.stopped);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      const delay = Math.min(100 * 2 ** (this.failures - 1), MAX_BACKOFF_MS);
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.logger.warn(`publishing the outbox failed (${String(error)}); retrying in ${delay} ms`);
      }
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.wake();
      }, delay);
      this.retryTimer.unref();
    } finally {
      this.draining = false;
    }
  }

  private async publishBatch(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const rows: OutboxRow[] = await runner.query(
        `SELECT seq, id, subject, envelope FROM ${this.config.service}.outbox
          WHERE sent_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      if (rows.length > 0) {
        const js = this.nats.js;
        // Sent in order on one connection; the acks are awaited together.
        await Promise.all(
          rows.map((row) =>
            js.publish(row.subject, Buffer.from(JSON.stringify(row.envelope)), { msgID: row.id, timeout: PUBLISH_TIMEOUT_MS }),
          ),
        );
        await runner.query(`UPDATE ${this.config.service}.outbox SET sent_at = now() WHERE seq = ANY($1::bigint[])`, [
          rows.map((row) => row.seq),
        ]);
      }
      await runner.commitTransaction();
      return rows.length;
    } catch (error) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.retryTimer);
    await this.current.catch(() => undefined);
  }
}
