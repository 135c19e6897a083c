import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { EventContract, EventEnvelope, newEnvelope } from '../contracts/envelope';
import { currentContext } from '../request-context';
import { OutboxRelay } from './outbox-relay';

/**
 * One database transaction with its outbox: events written through `emit` commit or roll back
 * with the change itself, and the relay is woken the moment the transaction commits.
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

  query<T = unknown[]>(sql: string, parameters?: unknown[]): Promise<T> {
    return this.em.query(sql, parameters);
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
    let emitted = false;
    const result = await this.dataSource.transaction(async (em) => {
      const unit = new UnitOfWork(em, this.config.service);
      const value = await work(unit);
      emitted = unit.emitted.length > 0;
      return value;
    });
    if (emitted) this.relay.wake();
    return result;
  }
}
