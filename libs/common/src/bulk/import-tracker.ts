import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { leaseHeldSql, ProcessLease } from '../database/process-lease';
import { Conflict, NotFound } from '../errors';
import type { UnitOfWork } from '../messaging/transactions';
import { currentActor } from '../request-context';
import type { BatchOutcome, ImportSummary, ReadThrough } from './import-runner';

export const IMPORT_STATES = ['running', 'completed', 'failed', 'abandoned'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/** A bulk import as a progress bar and an operator see it. */
export interface ImportView {
  id: string;
  kind: string;
  /** `abandoned`: was running when its process stopped (it will not finish; send the file again). */
  state: ImportState;
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** The upload's size when the client sent Content-Length; else null, and `percent` is null while running. */
  bytesTotal: number | null;
  bytesRead: number;
  /** Of the upload, read and committed: 100 once completed. */
  percent: number | null;
  rowsRead: number;
  batchesCommitted: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
}

export interface ImportRow {
  seq: string;
  id: string;
  kind: string;
  state: 'running' | 'completed' | 'failed';
  lease_held: boolean;
  started_by: string;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  bytes_total: string | null;
  bytes_read: string;
  rows_read: number;
  batches_committed: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
}

export interface ImportListQuery {
  kind?: string;
  state?: ImportState;
  /** Keyset: imports started before the one of this sequence number. */
  before?: string;
  limit: number;
}

/** One import under way: its batches report progress inside their own transactions. */
export class TrackedImport {
  constructor(
    readonly id: string,
    private readonly schema: string,
    private readonly dataSource: DataSource,
  ) {}

  /** In the batch's transaction, so the progress shown is exactly what has committed. */
  async recordBatch(unit: UnitOfWork, outcome: BatchOutcome, readThrough: ReadThrough): Promise<void> {
    await unit.query(
      `UPDATE ${this.schema}.imports
          SET batches_committed = batches_committed + 1, created = created + $2, updated = updated + $3, unchanged = unchanged + $4,
              rejected = GREATEST(rejected, $5), rows_read = GREATEST(rows_read, $6), bytes_read = GREATEST(bytes_read, $7),
              updated_at = now()
        WHERE id = $1`,
      [this.id, outcome.created, outcome.updated, outcome.unchanged, readThrough.rejected, readThrough.rows, readThrough.bytes],
    );
  }

  async completed(summary: ImportSummary): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.schema}.imports
          SET state = 'completed', finished_at = now(), updated_at = now(), created = $2, updated = $3, unchanged = $4, rejected = $5,
              rows_read = $6, bytes_read = $7
        WHERE id = $1`,
      [this.id, summary.created, summary.updated, summary.unchanged, summary.rejectedCount, summary.rowsRead, summary.bytesRead],
    );
  }

  async failed(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.dataSource.query(
      `UPDATE ${this.schema}.imports SET state = 'failed', finished_at = now(), updated_at = now(), error = $2 WHERE id = $1`,
      [this.id, message.slice(0, 1000)],
    );
  }
}

/**
 * Bulk imports, each a row in the service's `imports` table from start to outcome, under the lease of
 * the process running it, so one whose process died reads as `abandoned` instead of running forever.
 */
@Injectable()
export class ImportTracker {
  private readonly logger = new Logger('imports');

  constructor(
    private readonly dataSource: DataSource,
    private readonly lease: ProcessLease,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Opens an import record; `id` may be chosen by the client (to follow it while uploading), 409 when taken. */
  async start(kind: string, options: { id: string; bytesTotal: number | null }): Promise<TrackedImport> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO ${this.config.service}.imports (id, kind, state, owner, started_by, bytes_total) VALUES ($1, $2, 'running', $3, $4, $5)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [options.id, kind, this.lease.id, currentActor(), options.bytesTotal],
    );
    if (inserted.length === 0) throw new Conflict('import_id_taken', `an import with id ${options.id} exists already; choose another importId`);
    return new TrackedImport(options.id, this.config.service, this.dataSource);
  }

  /**
   * Runs `work` as a tracked import: its outcome, or its failure, is recorded when it ends. Recording
   * the outcome never changes the answer: the batches have committed whether or not it is written.
   */
  async track(kind: string, options: { id: string; bytesTotal: number | null }, work: (tracked: TrackedImport) => Promise<ImportSummary>): Promise<ImportSummary> {
    const tracked = await this.start(kind, options);
    let summary: ImportSummary;
    try {
      summary = await work(tracked);
    } catch (error) {
      await tracked.failed(error).catch((recording) => this.logger.warn(`import ${tracked.id}: recording its failure failed: ${String(recording)}`));
      throw error;
    }
    await tracked.completed(summary).catch((recording) => this.logger.warn(`import ${tracked.id}: recording its outcome failed: ${String(recording)}`));
    return summary;
  }

  async get(id: string): Promise<ImportView> {
    const rows = await this.select(`WHERE id = $1`, [id]);
    if (rows.length === 0) throw new NotFound('import', id);
    return toView(rows[0]);
  }

  /** Newest first. */
  async list(query: ImportListQuery): Promise<ImportRow[]> {
    const state = query.state ?? null;
    return this.select(
      `WHERE ($1::text IS NULL OR kind = $1)
         AND ($2::text IS NULL OR CASE WHEN state = 'running' AND NOT ${leaseHeldSql('owner')} THEN 'abandoned' ELSE state END = $2)
         AND ($3::bigint IS NULL OR seq < $3::bigint)
       ORDER BY seq DESC LIMIT $4`,
      [query.kind ?? null, state, query.before ?? null, query.limit],
    );
  }

  /** Imports not finished, by whether their process still runs them: what the imports_unfinished metric shows. */
  async unfinished(): Promise<{ running: number; abandoned: number }> {
    const rows: Array<{ held: boolean; count: string }> = await this.dataSource.query(
      `SELECT ${leaseHeldSql('owner')} AS held, count(*) AS count FROM ${this.config.service}.imports WHERE state = 'running' GROUP BY 1`,
    );
    const count = (held: boolean) => Number(rows.find((row) => row.held === held)?.count ?? 0);
    return { running: count(true), abandoned: count(false) };
  }

  private select(where: string, parameters: unknown[]): Promise<ImportRow[]> {
    return this.dataSource.query(`SELECT *, ${leaseHeldSql('owner')} AS lease_held FROM ${this.config.service}.imports ${where}`, parameters);
  }
}

export function toView(row: ImportRow): ImportView {
  const bytesTotal = row.bytes_total === null ? null : Number(row.bytes_total);
  const bytesRead = Number(row.bytes_read);
  const state: ImportState = row.state === 'running' && !row.lease_held ? 'abandoned' : row.state;
  return {
    id: row.id,
    kind: row.kind,
    state,
    startedBy: row.started_by,
    startedAt: row.started_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    bytesTotal,
    bytesRead,
    percent: state === 'completed' ? 100 : bytesTotal ? Math.min(100, Math.floor((bytesRead / bytesTotal) * 1000) / 10) : null,
    rowsRead: row.rows_read,
    batchesCommitted: row.batches_committed,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    rejected: row.rejected,
    error: row.error,
  };
}
