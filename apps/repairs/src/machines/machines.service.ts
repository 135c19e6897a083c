import { Conflict, decodeCursor, ImportTracker, NotFound, Page, pageLimit, RepairEvents, toPage, Transactions } from '@app/common';
import { ImportFormat, ImportSummary, runImport } from '@app/common/bulk/import-runner';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdleImpact } from '../fleet/idle-impact';
import { IdleNotifier } from '../fleet/idle-notifier';
import { CreateMachineDto, MachineDetailDto, MachineDto, MachineQuery, MachineState } from './machine.dto';
import { MACHINE_COLUMNS, machineChecker, MachineRow, makerOf, OPTIONAL_MACHINE_COLUMNS } from './machine.rules';
import { MachinesRepository } from './machines.repository';

interface MachineRecord {
  serial: string;
  model: string;
  maker: string | null;
  site_code: string;
  hashrate_ths: number;
  power_w: number;
  scrapped: boolean;
  created_at: Date;
  updated_at: Date;
  ticket_id: string | null;
  ticket_status: string | null;
  ticket_component: string | null;
  ticket_center: string | null;
  impact_key: string | null;
}

const SELECT_MACHINE = `
  SELECT m.serial, m.model, m.maker, m.site_code, m.hashrate_ths, m.power_w, m.scrapped, m.created_at, m.updated_at,
         t.id AS ticket_id, t.status AS ticket_status, t.component AS ticket_component,
         t.repair_center_code AS ticket_center, t.impact_key
    FROM repairs.machines m LEFT JOIN repairs.tickets t ON t.id = m.current_ticket_id`;

function stateOf(record: MachineRecord): MachineState {
  if (record.scrapped) return 'scrapped';
  if (!record.impact_key) return 'running';
  return record.impact_key === 'degraded' ? 'degraded' : 'idle';
}

function toDto(record: MachineRecord): MachineDto {
  return {
    serial: record.serial,
    model: record.model,
    maker: record.maker,
    siteCode: record.site_code,
    hashrateThs: record.hashrate_ths,
    powerW: record.power_w,
    state: stateOf(record),
    currentTicket: record.ticket_id
      ? { id: record.ticket_id, status: record.ticket_status!, component: record.ticket_component!, repairCenterCode: record.ticket_center! }
      : null,
    createdAt: record.created_at.toISOString(),
    updatedAt: record.updated_at.toISOString(),
  };
}

const STATE_FILTERS: Record<MachineState, string> = {
  running: 'NOT m.scrapped AND t.impact_key IS NULL',
  idle: `t.impact_key IS NOT NULL AND t.impact_key <> 'degraded'`,
  degraded: `t.impact_key = 'degraded'`,
  scrapped: 'm.scrapped',
};

/** Rows per transaction in imports: bigger batches mean fewer statements; three in flight stay well within memory. */
export const MACHINE_IMPORT_BATCH_SIZE = 10_000;

/**
 * One row per serial, sorted by serial, so concurrent imports lock rows in one order and cannot deadlock
 * each other. A serial repeated inside one batch: the last row wins, earlier ones are reported. Uploads
 * usually come sorted already: a strictly ascending batch is used as it is, with no map and no sort.
 */
export function distinctSortedBySerial(
  rows: MachineRow[],
  rowNumbers: number[],
): { rows: MachineRow[]; rejected: Array<{ row: number; field: string; reason: string }> } {
  let ascending = true;
  for (let i = 1; i < rows.length && ascending; i++) ascending = rows[i - 1].serial < rows[i].serial;
  if (ascending) return { rows, rejected: [] };
  const bySerial = new Map<string, number>();
  const rejected: Array<{ row: number; field: string; reason: string }> = [];
  for (let i = 0; i < rows.length; i++) {
    const earlier = bySerial.get(rows[i].serial);
    if (earlier !== undefined) rejected.push({ row: rowNumbers[earlier], field: 'serial', reason: `repeated at row ${rowNumbers[i]}, which was used` });
    bySerial.set(rows[i].serial, i);
  }
  const distinct = [...bySerial.values()].map((i) => rows[i]).sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
  return { rows: distinct, rejected };
}

@Injectable()
export class MachinesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
    private readonly notifier: IdleNotifier,
    private readonly impact: IdleImpact,
    private readonly imports: ImportTracker,
  ) {}

  async create(input: CreateMachineDto): Promise<MachineDetailDto> {
    const row: MachineRow = { ...input, maker: input.maker ?? makerOf(input.model) };
    await this.transactions.run(async (unit) => {
      if (!(await MachinesRepository.insertOne(unit, row))) {
        throw new Conflict('duplicate_serial', `machine ${input.serial} is already registered`);
      }
      await unit.emit(RepairEvents.machinesRegistered, { created: 1, updated: 0 });
      // Machine counts changed: /fleet/idle drops its cached answer when this commits.
      this.notifier.changedOnCommit(unit);
    });
    return this.get(input.serial);
  }

  async get(serial: string): Promise<MachineDetailDto> {
    const rows: MachineRecord[] = await this.dataSource.query(`${SELECT_MACHINE} WHERE m.serial = $1`, [serial]);
    if (rows.length === 0) throw new NotFound('machine', serial);
    const components: Array<{ sku: string | null; component_serial: string; installed_at: Date | null; ticket_id: string | null }> =
      await this.dataSource.query(
        `SELECT sku, component_serial, installed_at, ticket_id FROM repairs.machine_components
          WHERE machine_serial = $1 AND removed_at IS NULL ORDER BY id`,
        [serial],
      );
    return {
      ...toDto(rows[0]),
      components: components.map((c) => ({
        sku: c.sku,
        serial: c.component_serial,
        installedAt: c.installed_at?.toISOString() ?? null,
        ticketId: c.ticket_id,
      })),
    };
  }

  async list(query: MachineQuery): Promise<Page<MachineDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 1);
    const where: string[] = [];
    const parameters: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      parameters.push(value);
      where.push(sql.replace('?', `$${parameters.length}`));
    };
    if (after) add('m.serial > ?', String(after[0]));
    if (query.siteCode) add('m.site_code = ?', query.siteCode);
    if (query.model) add('m.model = ?', query.model);
    if (query.state) where.push(STATE_FILTERS[query.state]);
    parameters.push(limit + 1);
    const rows: MachineRecord[] = await this.dataSource.query(
      `${SELECT_MACHINE} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY m.serial LIMIT $${parameters.length}`,
      parameters,
    );
    return toPage(rows, limit, (row) => [row.serial], toDto);
  }

  /**
   * Streams an upload into the fleet, batch by batch (see runImport for the guarantees), as a tracked
   * import: each batch's transaction also records the import's progress (GET /imports/{id}).
   */
  import(
    source: AsyncIterable<Buffer | string>,
    format: ImportFormat,
    upload: { importId: string; bytesTotal: number | null },
  ): Promise<ImportSummary> {
    return this.imports.track('machines', { id: upload.importId, bytesTotal: upload.bytesTotal }, (tracked) =>
      runImport(source, format, {
        requiredColumns: MACHINE_COLUMNS,
        optionalColumns: OPTIONAL_MACHINE_COLUMNS,
        check: machineChecker(),
        // Writers keep PostgreSQL busy while this process parses; rows and counters are locked in a stable order.
        maxBatchesInFlight: 3,
        batchSize: MACHINE_IMPORT_BATCH_SIZE,
        writeBatch: async (batch) => {
          const { rows, rejected } = distinctSortedBySerial(batch.rows, batch.rowNumbers);
          const counts = await this.transactions.run(async (unit) => {
            const { openTicketsOfUpdated, ...written } = await MachinesRepository.upsert(unit, rows);
            if (written.created + written.updated > 0) {
              await unit.emit(RepairEvents.machinesRegistered, { created: written.created, updated: written.updated, importId: tracked.id });
              this.notifier.changedOnCommit(unit);
            }
            // A machine moved (site, model, hashrate) while down takes its idle count along.
            await this.impact.refresh(unit, openTicketsOfUpdated);
            await tracked.recordBatch(unit, written, batch.readThrough);
            return written;
          });
          return { ...counts, rejected };
        },
      }),
    );
  }
}
