import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { NatsConnectionHolder } from './nats-connection';

const BATCH_SIZE = 500;
const MAX_BACKOFF_MS = 5000;
const PUBLISH_TIMEOUT_MS = 5000;
/** Rows the fast path has not marked sent after this long are the poller's (crash, NATS outage). */
const STALE_AFTER_MS = 1000;
/** Sent marks are written together, one UPDATE per flush, so the relay costs the database little per event. */
const MARK_SENT_EVERY_MS = 20;

/** An event as its transaction wrote it to the outbox: the relay publishes these same bytes. */
export interface CommittedEvent {
  id: string;
  subject: string;
  /** The serialised envelope. */
  payload: string;
}

interface OutboxRow {
  seq: string;
  id: string;
  subject: string;
  envelope: unknown;
}

/**
 * Publishes committed outbox rows to JetStream with the event id as message id.
 *
 * Fast path: right after a transaction commits, its events are published from memory (no poll
 * wait, no read back), and their rows are marked sent in batched updates. Safety net: a poller
 * publishes, in commit order, any row still unsent a moment later: left by a crash between commit
 * and publish, by a NATS outage (retried with exponential backoff), or by another replica.
 * `FOR UPDATE SKIP LOCKED` lets several replicas share one outbox; a row published twice is
 * dropped by JetStream's duplicate window, and consumers are idempotent beyond it.
 */
@Injectable()
export class OutboxRelay implements BeforeApplicationShutdown {
  private readonly logger = new Logger('outbox-relay');
  private draining = false;
  private failures = 0;
  /** After a failed fast publish, everything goes through the poller, in commit order, until it has caught up. */
  private fastPathPaused = false;
  private retryTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private markTimer?: NodeJS.Timeout;
  private stopped = true;
  private current: Promise<void> = Promise.resolve();
  private readonly sentIds: string[] = [];
  private readonly committed: CommittedEvent[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();

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

  /**
   * Called once a transaction that emitted these events has committed. Events of commits that land
   * in the same turn of the event loop are published together, so NATS sees one socket write for them.
   */
  publishCommitted(events: readonly CommittedEvent[]): void {
    if (this.stopped || this.fastPathPaused) return;
    this.committed.push(...events);
    if (this.committed.length === events.length) setImmediate(() => this.publishFastPath());
  }

  private publishFastPath(): void {
    const events = this.committed.splice(0);
    if (this.stopped || this.fastPathPaused) return;
    const js = this.nats.js;
    for (const event of events) {
      const publish = js
        .publish(event.subject, Buffer.from(event.payload), { msgID: event.id, timeout: PUBLISH_TIMEOUT_MS })
        .then(
          () => this.markSent(event.id),
          () => {
            this.fastPathPaused = true;
            this.wakeAfter(STALE_AFTER_MS);
          },
        );
      this.inFlight.add(publish);
      void publish.finally(() => this.inFlight.delete(publish));
    }
  }

  /** Runs the poller now (it only takes rows the fast path has left behind). */
  wake(): void {
    if (this.stopped || this.draining || this.retryTimer) return;
    this.current = this.drain();
  }

  async backlog(): Promise<number> {
    const rows: Array<{ count: string }> = await this.dataSource.query(
      `SELECT count(*) AS count FROM ${this.config.service}.outbox WHERE sent_at IS NULL`,
    );
    return Number(rows[0].count);
  }

  /** Runs the poller after `delayMs`, unless a run is already scheduled. */
  private wakeAfter(delayMs: number): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, delayMs);
    this.retryTimer.unref();
  }

  private markSent(id: string): void {
    this.sentIds.push(id);
    if (this.sentIds.length >= BATCH_SIZE) void this.flushSentMarks();
    else if (!this.markTimer) {
      this.markTimer = setTimeout(() => void this.flushSentMarks(), MARK_SENT_EVERY_MS);
      this.markTimer.unref();
    }
  }

  private async flushSentMarks(): Promise<void> {
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    const ids = this.sentIds.splice(0);
    if (ids.length === 0) return;
    try {
      await this.dataSource.query(
        `UPDATE ${this.config.service}.outbox SET sent_at = now() WHERE id = ANY($1::uuid[]) AND sent_at IS NULL`,
        [ids],
      );
    } catch (error) {
      // Unmarked rows are published again by the poller; JetStream drops the duplicates.
      this.logger.warn(`marking ${ids.length} outbox rows sent failed: ${String(error)}`);
    }
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (!this.stopped && (await this.publishStaleBatch()) === BATCH_SIZE);
      if (this.failures > 0) this.logger.log(`outbox publishing recovered after ${this.failures} failed attempts`);
      this.failures = 0;
      this.fastPathPaused = false;
    } catch (error) {
      this.failures += 1;
      const delay = Math.min(100 * 2 ** (this.failures - 1), MAX_BACKOFF_MS);
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.logger.warn(`publishing the outbox failed (${String(error)}); retrying in ${delay} ms`);
      }
      this.wakeAfter(delay);
    } finally {
      this.draining = false;
    }
  }

  private async publishStaleBatch(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const rows: OutboxRow[] = await runner.query(
        `SELECT seq, id, subject, envelope FROM ${this.config.service}.outbox
          WHERE sent_at IS NULL AND created_at < now() - make_interval(secs => $2)
          ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE, this.fastPathPaused ? 0 : STALE_AFTER_MS / 1000],
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
    await Promise.allSettled([...this.inFlight]);
    await this.flushSentMarks();
    await this.current.catch(() => undefined);
  }
}
