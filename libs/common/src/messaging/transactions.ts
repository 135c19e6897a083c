import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { EventContract, EventEnvelope, newEnvelope, serialiseEnvelope } from '../contracts/envelope';
import { confirmIdempotencyClaim } from '../database/idempotency-claims';
import { currentContext } from '../request-context';
import { type CommittedEvent, OutboxRelay } from './outbox-relay';

/**
 * TypeORM answers an UPDATE or DELETE as `[rows, affectedCount]` but every other statement as the
 * rows; this answers the rows either way (rows are objects, so the pair cannot be mistaken for them).
 */
export function rowsOf<T = unknown>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/**
 * One database transaction with its outbox: events written through `emit` commit or roll back
 * with the change itself, and the relay publishes them the moment the transaction commits.
 */
export class UnitOfWork {
  readonly emitted: CommittedEvent[] = [];

  constructor(
    readonly em: EntityManager,
    private readonly schema: string,
  ) {}

  async emit<TData extends object>(contract: EventContract<TData>, data: TData): Promise<EventEnvelope<TData>> {
    const envelope = newEnvelope(contract, data, currentContext()?.correlationId);
    const payload = serialiseEnvelope(envelope);
    await this.em.query(`INSERT INTO ${this.schema}.outbox (id, subject, envelope) VALUES ($1, $2, $3)`, [envelope.id, envelope.type, payload]);
    this.emitted.push({ id: envelope.id, subject: envelope.type, payload });
    return envelope;
  }

  /** Always answers the rows, also for `UPDATE/DELETE ... RETURNING` (see `rowsOf`). */
  async query<T = unknown[]>(sql: string, parameters?: unknown[]): Promise<T> {
    return rowsOf(await this.em.query(sql, parameters)) as T;
  }
}

/** PostgreSQL's answers to a transaction that lost a race through no fault of its own: deadlock, serialization failure. */
const CONTENTION_SQLSTATES: ReadonlySet<string> = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 3;

/** A transaction that lost a race with another: nothing was changed, and running it again may succeed. */
export function isContentionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONTENTION_SQLSTATES.has(code);
}

@Injectable()
export class Transactions {
  private readonly logger = new Logger('transactions');

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * Runs `work` in one transaction; under a request's Idempotency-Key claim, it commits only while the
   * claim is still the request's (confirmIdempotencyClaim). A transaction PostgreSQL aborts as a deadlock victim or for a
   * serialization failure rolled back whole, so `work` runs again from the start (up to
   * TRANSACTION_ATTEMPTS times, after a short random pause): `work` must only read and write through
   * its unit, which every use case here does.
   */
  async run<T>(work: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runOnce(work);
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isContentionError(error)) throw error;
        this.logger.warn(`transaction aborted (${(error as Error).message}); attempt ${attempt + 1} of ${TRANSACTION_ATTEMPTS}`);
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }

  private async runOnce<T>(work: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    let emitted: CommittedEvent[] = [];
    const result = await this.dataSource.transaction(async (em) => {
      const unit = new UnitOfWork(em, this.config.service);
      const value = await work(unit);
      const claim = currentContext()?.idempotencyClaim;
      if (claim) await confirmIdempotencyClaim(unit, this.config.service, claim);
      emitted = unit.emitted;
      return value;
    });
    if (emitted.length > 0) this.relay.publishCommitted(emitted);
    return result;
  }
}
