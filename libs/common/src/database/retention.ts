import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';

const EVERY_MS = 60 * 60 * 1000;

/**
 * Prunes the platform tables so they do not grow forever: idempotency keys after
 * IDEMPOTENCY_RETENTION_HOURS (≥ 24), handled event ids after INBOX_RETENTION_DAYS (longer than the
 * streams keep events, so no redelivery can outlive its inbox row), sent outbox rows after OUTBOX_RETENTION_HOURS.
 */
@Injectable()
export class RetentionJobs implements BeforeApplicationShutdown {
  private readonly logger = new Logger('retention');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.prune(), EVERY_MS);
    this.timer.unref();
    void this.prune();
  }

  async prune(): Promise<void> {
    const schema = this.config.service;
    try {
      await this.dataSource.query(`DELETE FROM ${schema}.idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [
        this.config.idempotencyRetentionHours,
      ]);
      await this.dataSource.query(`DELETE FROM ${schema}.inbox WHERE handled_at < now() - make_interval(days => $1)`, [
        this.config.inboxRetentionDays,
      ]);
      await this.dataSource.query(
        `DELETE FROM ${schema}.outbox WHERE sent_at IS NOT NULL AND sent_at < now() - make_interval(hours => $1)`,
        [this.config.outboxRetentionHours],
      );
    } catch (error) {
      this.logger.warn(`pruning failed: ${String(error)}`);
    }
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
