import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { EventContract, EventEnvelope, newEnvelope } from '../contracts/envelope';
import { currentContext } from '../request-context';
import { OutboxRelay } from './outbox-relay';

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
  readonly emitted: EventEnvelope[] = [];

  constructor(
    readonly em: EntityManager,
    private readonly schema: string,
  ) {}

  async emit<TData extends object>(contract: EventContract<TData>, data: TData): Promise<EventEnvelope<TData>> {
    const envelope = newEnvelope(contract, data, currentContext()?.correlationId);
    await this.em.query(`INSERT INTO ${this.schema}.outbox (id, subject, envelope) VALUES ($1, $2, $3)`, [
      envelope.id,
      envelope.type,
      JSON.stringify(envelope),
    ]);
    this.emitted.push(envelope);
    return envelope;
  }

  /** Always answers the rows, also for `UPDATE/DELETE ... RETURNING` (see `rowsOf`). */
  async query<T = unknown[]>(sql: string, parameters?: unknown[]): Promise<T> {
    return rowsOf(await this.em.query(sql, parameters)) as T;
  }
}

@Injectable()
export class Transactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async run<T>(work: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    let emitted: EventEnvelope[] = [];
    const result = await this.dataSource.transaction(async (em) => {
      const unit = new UnitOfWork(em, this.config.service);
      const value = await work(unit);
      emitted = unit.emitted;
      return value;
    });
    if (emitted.length > 0) this.relay.publishCommitted(emitted);
    return result;
  }
}
