import { UnitOfWork } from '@app/common';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DELIVERED_HISTORY, EVENT_COLUMNS, HOLD_COLUMNS, LINE_COLUMNS, SHIPMENT_COLUMNS } from '../database/select-columns';
import { HoldReason, ShipmentStatus, TrackingEventType } from './shipment-status.rules';

export interface ShipmentRow {
  id: string;
  reference: string;
  status: ShipmentStatus;
  originCountry: string;
  originLocation: string | null;
  destinationCode: string;
  portOfEntry: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  allocationBasis: 'value' | 'quantity';
  freightUsd: string;
  eta: Date | null;
  etaBasis: Record<string, unknown> | null;
  departedAt: Date | null;
  arrivedAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** created_at in microseconds since the epoch: the exact list cursor. */
  createdMicros: string;
}

export interface LineRow {
  shipmentId: string;
  lineNo: number;
  sku: string;
  quantity: number;
  declaredValueUsd: string;
  hsCode: string;
  countryOfOrigin: string;
  repairValueUsd: string | null;
  serials: string[];
}

export interface EventRow {
  id: string;
  shipmentId: string;
  seq: number;
  type: TrackingEventType;
  at: Date;
  location: string | null;
  note: string | null;
  holdReason: HoldReason | null;
  agency: string | null;
  recordedAt: Date;
}

export interface HoldRow {
  id: string;
  shipmentId: string;
  reason: HoldReason;
  agency: string | null;
  note: string | null;
  location: string | null;
  portOfEntry: string | null;
  bonded: boolean;
  dailyStorageRateUsd: string | null;
  freeStorageDays: number;
  openedAt: Date;
  releasedAt: Date | null;
}

export interface DeliveredHistoryRow {
  originCountry: string;
  destinationCode: string;
  departedAt: Date;
  deliveredAt: Date;
  heldDays: number;
}

type Runner = Pick<UnitOfWork, 'query'> | DataSource;

/** What creating a shipment stores: its own columns (status, ETA and dates come later) and its lines. */
export type NewShipment = Pick<
  ShipmentRow,
  'id' | 'reference' | 'originCountry' | 'originLocation' | 'destinationCode' | 'portOfEntry' | 'carrier' | 'trackingNumber' | 'allocationBasis' | 'freightUsd'
> & {
  createdBy: string;
  lines: Omit<LineRow, 'shipmentId' | 'lineNo'>[];
};

/** The SQL of shipments, their lines, tracking events and customs holds. */
@Injectable()
export class ShipmentsRepository {
  constructor(readonly dataSource: DataSource) {}

  /** Inserts the shipment and its lines; null when the reference exists already. */
  async insert(unit: UnitOfWork, shipment: NewShipment): Promise<ShipmentRow | null> {
    const inserted: unknown[] = await unit.query(
      `INSERT INTO shipments (id, reference, status, origin_country, origin_location, destination_code, port_of_entry, carrier,
         tracking_number, allocation_basis, freight_usd, created_by)
       VALUES ($1, $2, 'created', $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (reference) DO NOTHING RETURNING id`,
      [
        shipment.id, shipment.reference, shipment.originCountry, shipment.originLocation, shipment.destinationCode, shipment.portOfEntry,
        shipment.carrier, shipment.trackingNumber, shipment.allocationBasis, shipment.freightUsd, shipment.createdBy,
      ],
    );
    if (inserted.length === 0) return null;
    const lines = shipment.lines;
    await unit.query(
      `INSERT INTO shipment_lines (shipment_id, line_no, sku, quantity, declared_value_usd, hs_code, country_of_origin, repair_value_usd, serials)
       SELECT $1, n, sku, quantity, declared, hs, origin, repair, ARRAY(SELECT jsonb_array_elements_text($8::jsonb -> (n::int - 1)))
       FROM unnest($2::text[], $3::int[], $4::numeric[], $5::text[], $6::text[], $7::numeric[]) WITH ORDINALITY
         AS line(sku, quantity, declared, hs, origin, repair, n)`,
      [
        shipment.id,
        lines.map((line) => line.sku),
        lines.map((line) => line.quantity),
        lines.map((line) => line.declaredValueUsd),
        lines.map((line) => line.hsCode),
        lines.map((line) => line.countryOfOrigin),
        lines.map((line) => line.repairValueUsd),
        // Serials per line: a ragged list, which a text[][] parameter cannot hold.
        JSON.stringify(lines.map((line) => line.serials)),
      ],
    );
    return this.find(shipment.id, unit);
  }

  async find(id: string, runner: Runner = this.dataSource, forUpdate = false): Promise<ShipmentRow | null> {
    const rows: ShipmentRow[] = await runner.query(
      `SELECT ${SHIPMENT_COLUMNS} FROM shipments s WHERE s.id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  list(
    filter: { reference?: string; status?: ShipmentStatus; before?: [string, string] },
    limit: number,
  ): Promise<ShipmentRow[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.reference) {
      params.push(filter.reference);
      conditions.push(`s.reference = $${params.length}`);
    }
    if (filter.status) {
      params.push(filter.status);
      conditions.push(`s.status = $${params.length}`);
    }
    if (filter.before) {
      params.push(filter.before[0], filter.before[1]);
      conditions.push(`((extract(epoch FROM s.created_at) * 1000000)::bigint, s.id) < ($${params.length - 1}::bigint, $${params.length}::uuid)`);
    }
    params.push(limit);
    return this.dataSource.query(
      `SELECT ${SHIPMENT_COLUMNS} FROM shipments s ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY s.created_at DESC, s.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  linesOf(shipmentIds: readonly string[], runner: Runner = this.dataSource): Promise<LineRow[]> {
    return runner.query(`SELECT ${LINE_COLUMNS} FROM shipment_lines WHERE shipment_id = ANY($1::uuid[]) ORDER BY shipment_id, line_no`, [
      [...shipmentIds],
    ]);
  }

  eventsOf(shipmentId: string, runner: Runner = this.dataSource): Promise<EventRow[]> {
    return runner.query(`SELECT ${EVENT_COLUMNS} FROM tracking_events WHERE shipment_id = $1 ORDER BY seq`, [shipmentId]);
  }

  async lastEvent(unit: UnitOfWork, shipmentId: string): Promise<EventRow | null> {
    const rows: EventRow[] = await unit.query(
      `SELECT ${EVENT_COLUMNS} FROM tracking_events WHERE shipment_id = $1 ORDER BY seq DESC LIMIT 1`,
      [shipmentId],
    );
    return rows[0] ?? null;
  }

  async insertEvent(unit: UnitOfWork, event: Omit<EventRow, 'recordedAt'>, actor: string): Promise<EventRow> {
    const rows: EventRow[] = await unit.query(
      `INSERT INTO tracking_events (id, shipment_id, seq, type, at, location, note, hold_reason, agency, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${EVENT_COLUMNS}`,
      [event.id, event.shipmentId, event.seq, event.type, event.at, event.location, event.note, event.holdReason, event.agency, actor],
    );
    return rows[0];
  }

  async updateProgress(
    unit: UnitOfWork,
    id: string,
    change: { status: ShipmentStatus; departedAt?: Date; arrivedAt?: Date; deliveredAt?: Date },
  ): Promise<void> {
    await unit.query(
      `UPDATE shipments SET status = $2, departed_at = COALESCE($3, departed_at), arrived_at = COALESCE($4, arrived_at),
         delivered_at = COALESCE($5, delivered_at), updated_at = now() WHERE id = $1`,
      [id, change.status, change.departedAt ?? null, change.arrivedAt ?? null, change.deliveredAt ?? null],
    );
  }

  async updateEta(unit: UnitOfWork, id: string, eta: Date, basis: object): Promise<void> {
    await unit.query(`UPDATE shipments SET eta = $2, eta_basis = $3 WHERE id = $1`, [id, eta, JSON.stringify(basis)]);
  }

  async openHold(unit: UnitOfWork, hold: Omit<HoldRow, 'releasedAt'>): Promise<void> {
    await unit.query(
      `INSERT INTO customs_holds (id, shipment_id, reason, agency, note, location, port_of_entry, bonded, daily_storage_rate_usd,
         free_storage_days, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        hold.id, hold.shipmentId, hold.reason, hold.agency, hold.note, hold.location, hold.portOfEntry, hold.bonded,
        hold.dailyStorageRateUsd, hold.freeStorageDays, hold.openedAt,
      ],
    );
  }

  /** Closes the shipment's open hold; returns its id, or null when none was open. */
  async releaseHold(unit: UnitOfWork, shipmentId: string, at: Date): Promise<string | null> {
    const rows: Array<{ id: string }> = await unit.query(
      `UPDATE customs_holds SET released_at = $2 WHERE shipment_id = $1 AND released_at IS NULL RETURNING id`,
      [shipmentId, at],
    );
    return rows[0]?.id ?? null;
  }

  holdsOf(shipmentId: string, runner: Runner = this.dataSource): Promise<HoldRow[]> {
    return runner.query(`SELECT ${HOLD_COLUMNS} FROM customs_holds h WHERE h.shipment_id = $1 ORDER BY h.opened_at, h.id`, [shipmentId]);
  }

  /** Recently delivered shipments with the days they spent held: the ETA's history. */
  deliveredHistory(runner: Runner, limit: number): Promise<DeliveredHistoryRow[]> {
    return runner.query(DELIVERED_HISTORY, [limit]);
  }
}
