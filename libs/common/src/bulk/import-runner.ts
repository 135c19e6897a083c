import { StringDecoder } from 'node:string_decoder';
import { InvalidInput } from '../errors';
import { CsvReader } from './csv-parser';
import { JsonArrayReader } from './json-array-stream';
import { BulkRecord, RecordReader } from './records';

/** One refused row: which (CSV data rows count from 1, JSON elements from 0), which field, why. */
export interface RowRejection {
  row: number;
  field: string;
  reason: string;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows the database step refused (e.g. a serial repeated in the same batch). */
  rejected?: RowRejection[];
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  rejected: RowRejection[];
  rejectedCount: number;
  /** Records read from the upload (rows, or array elements), good or bad. */
  rowsRead: number;
  bytesRead: number;
}

/** How far the upload had been read when a batch was cut: what its commit lets a progress report claim. */
export interface ReadThrough {
  rows: number;
  bytes: number;
  /** Rows refused by the checks so far (the database's own refusals come with the batch outcomes). */
  rejected: number;
}

export type RowCheck<TRow> = { ok: true; row: TRow } | { ok: false; problems: Array<{ field: string; reason: string }> };

/** One batch of checked rows: `rows[i]` came from upload row `rowNumbers[i]` (parallel arrays, no object per row). */
export interface ImportBatch<TRow> {
  rows: TRow[];
  rowNumbers: number[];
  readThrough: ReadThrough;
}

export interface ImportDefinition<TRow> {
  /** Names the CSV header must hold; any other column is refused up front (unknown fields are rejected). */
  requiredColumns: readonly string[];
  optionalColumns?: readonly string[];
  /** Checks and converts one record's fields; CSV gives strings, JSON any JSON value. Must be cheap: it runs per row. */
  check(fields: Record<string, unknown>): RowCheck<TRow>;
  /** Writes one batch, as one transaction, and says what it did. */
  writeBatch(batch: ImportBatch<TRow>): Promise<BatchOutcome>;
  batchSize?: number;
  /**
   * Batches written at once, each in its own transaction and connection, while the next is parsed. The
   * writer must tolerate it (lock rows in a stable order). Rejections may then be listed out of row order.
   */
  maxBatchesInFlight?: number;
  /** How many rejections the summary lists; `rejectedCount` counts them all. */
  maxRejectionsListed?: number;
}

export const DEFAULT_IMPORT_BATCH_SIZE = 5000;
export const DEFAULT_MAX_REJECTIONS_LISTED = 1000;
export const DEFAULT_BATCHES_IN_FLIGHT = 1;

export type ImportFormat = 'json' | 'csv';

/** JSON unless the content type says CSV; anything else was already refused by the body parsers. */
export function importFormatOf(contentType: string | undefined): ImportFormat {
  return /^\s*text\/csv\b/i.test(contentType ?? '') ? 'csv' : 'json';
}

/**
 * Streams an upload (a JSON array of objects or CSV with a header) into batches and writes each as one
 * transaction while the next batch is being parsed, so at most `maxBatchesInFlight` + 1 batches are in
 * memory whatever the upload's size. A bad row is listed and skipped; it never aborts the good ones. A
 * problem that makes the rest unreadable (bad CSV header, not a JSON array) is a 400 if nothing was
 * written yet, and otherwise a rejection that ends the upload with what was written so far.
 *
 * The upload is read chunk by chunk and each chunk's records are handled synchronously: an async
 * iterator per record would cost a few promises per row, a million times over.
 */
export async function runImport<TRow>(
  source: AsyncIterable<Buffer | string>,
  format: ImportFormat,
  definition: ImportDefinition<TRow>,
): Promise<ImportSummary> {
  const batchSize = definition.batchSize ?? DEFAULT_IMPORT_BATCH_SIZE;
  const listLimit = definition.maxRejectionsListed ?? DEFAULT_MAX_REJECTIONS_LISTED;
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, rejected: [], rejectedCount: 0, rowsRead: 0, bytesRead: 0 };
  const reject = (row: number, field: string, reason: string) => {
    summary.rejectedCount += 1;
    if (summary.rejected.length < listLimit) summary.rejected.push({ row, field, reason });
  };
  const known = new Set([...definition.requiredColumns, ...(definition.optionalColumns ?? [])]);
  const check = definition.check;
  let headerChecked = format === 'json';
  let wroteSomething = false;
  const maxInFlight = Math.max(1, definition.maxBatchesInFlight ?? DEFAULT_BATCHES_IN_FLIGHT);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let rows: TRow[] = [];
  let rowNumbers: number[] = [];

  const flush = async () => {
    // Bounded memory: at most `maxInFlight` batches being written plus the one being parsed.
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    if (failure) throw failure;
    if (rows.length === 0) return;
    const batch: ImportBatch<TRow> = { rows, rowNumbers, readThrough: { rows: summary.rowsRead, bytes: summary.bytesRead, rejected: summary.rejectedCount } };
    rows = [];
    rowNumbers = [];
    wroteSomething = true;
    const write: Promise<void> = definition.writeBatch(batch).then(
      (outcome) => {
        summary.created += outcome.created;
        summary.updated += outcome.updated;
        summary.unchanged += outcome.unchanged;
        for (const rejection of outcome.rejected ?? []) reject(rejection.row, rejection.field, rejection.reason);
      },
      (error: unknown) => {
        failure ??= error;
      },
    ).finally(() => inFlight.delete(write));
    inFlight.add(write);
  };

  /** Checks records into the current batch (the caller keeps it within batchSize). Throws InvalidInput for an unreadable upload. */
  const take = (records: BulkRecord<Record<string, unknown>>[]): void => {
    summary.rowsRead += records.length;
    for (let k = 0; k < records.length; k++) {
      const record = records[k];
      if (record.kind === 'error') {
        const fatal = record.rowNumber === 0 && (record.code === 'invalid_header' || record.code === 'not_an_array');
        if (fatal && !wroteSomething && summary.rejectedCount === 0) throw new InvalidInput([`body: ${record.message}`]);
        reject(record.rowNumber, 'body', `${record.code}: ${record.message}`);
        continue;
      }
      if (!headerChecked) {
        headerChecked = true;
        const columns = Object.keys(record.fields);
        const problems = [
          ...definition.requiredColumns.filter((name) => !columns.includes(name)).map((name) => `${name}: missing column`),
          ...columns.filter((name) => !known.has(name)).map((name) => `${name}: unknown column`),
        ];
        if (problems.length) throw new InvalidInput(problems);
      }
      const checked = check(record.fields);
      if (checked.ok) {
        rows.push(checked.row);
        rowNumbers.push(record.rowNumber);
      } else {
        for (const problem of checked.problems) reject(record.rowNumber, problem.field, problem.reason);
      }
    }
  };

  const reader: RecordReader<BulkRecord<Record<string, unknown>>> = format === 'csv' ? new CsvReader() : new JsonArrayReader();
  const decoder = new StringDecoder('utf8');
  // A chunk may hold more than a batch: its records are taken a batch at a time so memory stays bounded.
  const takeAll = async (records: BulkRecord<Record<string, unknown>>[]) => {
    for (let from = 0; from < records.length; ) {
      const room = batchSize - rows.length;
      const to = Math.min(records.length, from + room);
      take(from === 0 && to === records.length ? records : records.slice(from, to));
      from = to;
      if (rows.length >= batchSize) await flush();
    }
  };
  try {
    for await (const chunk of source) {
      summary.bytesRead += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      await takeAll(reader.write(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
    }
    await takeAll(reader.write(decoder.end()));
    await takeAll(reader.end());
    await flush();
  } finally {
    await Promise.all(inFlight);
  }
  if (failure) throw failure;
  return summary;
}
