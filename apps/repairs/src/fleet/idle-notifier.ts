import { Injectable, OnModuleInit } from '@nestjs/common';
import type { UnitOfWork } from '@app/common';
import { Observable, Subject } from 'rxjs';
import { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/**
 * Says "idle counts or machine counts may have changed". `changed()` is for code that has committed
 * already; `changedOnCommit(unit)` is for code inside a transaction: the signal goes out the moment
 * that transaction commits (before `Transactions.run` returns to the caller), and never if it rolls
 * back. The /fleet/idle cache drops its answer on every signal, so this process always reads its own
 * writes; the stream coalesces and recomputes, so a burst costs one read.
 */
@Injectable()
export class IdleNotifier implements OnModuleInit {
  private readonly changes = new Subject<void>();
  readonly changes$: Observable<void> = this.changes.asObservable();
  /** Transactions (by their query runner) that changed counters and have not committed yet. */
  private readonly pending = new WeakSet<QueryRunner>();

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (event: TransactionCommitEvent) => {
        if (this.pending.delete(event.queryRunner)) this.changed();
      },
      afterTransactionRollback: (event: TransactionRollbackEvent) => {
        this.pending.delete(event.queryRunner);
      },
    };
    this.dataSource.subscribers.push(subscriber);
  }

  changed(): void {
    this.changes.next();
  }

  /** Signals once `unit` commits; at once when it runs outside a transaction. */
  changedOnCommit(unit: UnitOfWork): void {
    const runner = unit.em.queryRunner;
    if (runner?.isTransactionActive) this.pending.add(runner);
    else this.changed();
  }
}
