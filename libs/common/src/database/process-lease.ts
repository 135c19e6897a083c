import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';

/** The first key of every process lease's advisory lock; the second is the lease id. */
export const PROCESS_LEASE_LOCK_CLASS = 724_311_002;
const RECONNECT_MS = 1000;
const ID_ATTEMPTS = 5;

/**
 * SQL that is true while the process holding lease `$owner` is alive: its advisory lock is granted in
 * this database. `owner` is an SQL expression (a column or a parameter).
 */
export function leaseHeldSql(owner: string): string {
  return `EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.classid = ${PROCESS_LEASE_LOCK_CLASS}::oid AND l.objid = (${owner})::oid)`;
}

/**
 * This process's lease in PostgreSQL: a session advisory lock, on a connection of its own, held for
 * the process's life. PostgreSQL drops it the moment the process or that connection dies, so another
 * process can tell whether work claimed under a lease still has someone doing it (`leaseHeldSql`),
 * with no heartbeat and no timeout to guess. Idempotency claims use it.
 */
@Injectable()
export class ProcessLease implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('process-lease');
  private leaseId = 0;
  private client?: Client;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  /** The lease id work is claimed under (a positive 31-bit integer). */
  get id(): number {
    return this.leaseId;
  }

  async onModuleInit(): Promise<void> {
    await this.acquire();
  }

  private async acquire(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: `${this.config.service} lease` });
    await client.connect();
    // A lost connection drops the lock: take the lease again, under the same id while it is free.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      const id = this.leaseId || randomInt(1, 2 ** 31 - 1);
      const rows: Array<{ held: boolean }> = (await client.query('SELECT pg_try_advisory_lock($1, $2) AS held', [PROCESS_LEASE_LOCK_CLASS, id])).rows;
      if (rows[0].held) {
        this.leaseId = id;
        this.client = client;
        return;
      }
      this.leaseId = 0;
    }
    await client.end();
    throw new Error(`no free process lease id after ${ID_ATTEMPTS} attempts`);
  }

  private lost(client: Client, error?: Error): void {
    if (this.stopped || this.client !== client || this.reconnectTimer) return;
    this.client = undefined;
    this.logger.warn(`lease connection lost${error ? ` (${error.message})` : ''}; claims of this process look abandoned until it is back`);
    const retry = () => {
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = undefined;
        if (this.stopped) return;
        this.acquire().then(
          () => this.logger.log(`lease ${this.leaseId} held again`),
          () => retry(),
        );
      }, RECONNECT_MS);
      this.reconnectTimer.unref();
    };
    retry();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => undefined);
  }
}
