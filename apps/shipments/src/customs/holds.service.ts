import { decodeCursor, Page, pageLimit, toPage } from '@app/common';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HOLD_COLUMNS } from '../database/select-columns';
import { HoldRow } from '../shipments/shipments.repository';
import { CustomsHoldDto, HoldQuery } from './hold.dto';
import { daysHeld, storageAccrued } from './hold.rules';

type HoldListRow = HoldRow & { reference: string; lines: Array<{ sku: string; quantity: number }>; openedMicros: string };

@Injectable()
export class HoldsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: HoldQuery): Promise<Page<CustomsHoldDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 2);
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.active === true) conditions.push('h.released_at IS NULL');
    if (query.active === false) conditions.push('h.released_at IS NOT NULL');
    if (after) {
      params.push(String(after[0]), String(after[1]));
      conditions.push(`((extract(epoch FROM h.opened_at) * 1000000)::bigint, h.id) > ($1::bigint, $2::uuid)`);
    }
    params.push(limit + 1);
    const rows: HoldListRow[] = await this.dataSource.query(
      `SELECT ${HOLD_COLUMNS}, s.reference, (extract(epoch FROM h.opened_at) * 1000000)::bigint::text AS "openedMicros",
         (SELECT json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity) ORDER BY l.line_no)
            FROM shipment_lines l WHERE l.shipment_id = h.shipment_id) AS lines
       FROM customs_holds h JOIN shipments s ON s.id = h.shipment_id
       ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY h.opened_at, h.id LIMIT $${params.length}`,
      params,
    );
    const now = new Date();
    return toPage(rows, limit, (row) => [row.openedMicros, row.id], (row) => toHoldDto(row, now));
  }
}

function toHoldDto(row: HoldListRow, now: Date): CustomsHoldDto {
  const hold = { heldAt: row.openedAt, releasedAt: row.releasedAt };
  const storage = row.dailyStorageRateUsd
    ? { dailyRateUsd: row.dailyStorageRateUsd, freeDays: row.freeStorageDays, ...storageAccrued(hold, now, { dailyRateUsd: row.dailyStorageRateUsd, freeDays: row.freeStorageDays }) }
    : null;
  return {
    id: row.id,
    shipmentId: row.shipmentId,
    reference: row.reference,
    reason: row.reason,
    agency: row.agency,
    note: row.note,
    location: row.location,
    portOfEntry: row.portOfEntry,
    bonded: row.bonded,
    active: row.releasedAt === null,
    openedAt: row.openedAt.toISOString(),
    releasedAt: row.releasedAt?.toISOString() ?? null,
    daysHeld: Math.round(daysHeld(hold, now) * 1000) / 1000,
    lines: row.lines ?? [],
    storage,
    storageCostUsd: storage?.storageCostUsd ?? null,
  };
}
