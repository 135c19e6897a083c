import { decodeCursor, NotFound, type Page, pageLimit, toPage } from '@app/common';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AuditDto, AuditMismatchDto, LedgerEntryDto, SerialConflictDto, SerialConflictQuery, SerialDto, SerialQuery, SerialSummaryDto, StockItemDto, StockQuery,
} from './stock.dto';
import { type BalanceRow, type LedgerRow, type SerialConflictRow, toSerialConflictDto } from './stock.repository';
import { toLedgerDto, toStockItem } from './stock.service';

interface SerialRow {
  serial: string;
  sku: string;
  location_code: string | null;
  status: string;
  updated_at: Date;
}

function toSerialSummary(row: SerialRow): SerialSummaryDto {
  return { serial: row.serial, sku: row.sku, locationCode: row.location_code, status: row.status, updatedAt: row.updated_at.toISOString() };
}

/** Reads: balances, the ledger, low stock, serials, and the audit of balances against their history. */
@Injectable()
export class StockQueries {
  constructor(private readonly dataSource: DataSource) {}

  async balances(query: StockQuery, onlyLow = false): Promise<Page<StockItemDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 2);
    const rows: BalanceRow[] = await this.dataSource.query(
      `SELECT * FROM stock_balances
        WHERE ($1::text IS NULL OR sku = $1) AND ($2::text IS NULL OR location_code = $2)
          AND ($3::text IS NULL OR (sku, location_code) > ($3, $4::text))
          AND (NOT $5 OR (reorder_point IS NOT NULL AND on_hand - reserved < reorder_point))
        ORDER BY sku, location_code LIMIT $6`,
      [query.sku ?? null, query.locationCode ?? null, after ? String(after[0]) : null, after ? String(after[1]) : null, onlyLow, limit + 1],
    );
    return toPage(rows, limit, (row) => [row.sku, row.location_code], toStockItem);
  }

  async ledger(query: StockQuery): Promise<Page<LedgerEntryDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 1);
    const rows: LedgerRow[] = await this.dataSource.query(
      `SELECT * FROM stock_ledger
        WHERE ($1::text IS NULL OR sku = $1) AND ($2::text IS NULL OR location_code = $2) AND ($3::bigint IS NULL OR id > $3)
        ORDER BY id LIMIT $4`,
      [query.sku ?? null, query.locationCode ?? null, after ? Number(after[0]) : null, limit + 1],
    );
    return toPage(rows, limit, (row) => [Number(row.id)], toLedgerDto);
  }

  /** Serials by serial, filtered by part, location and status: e.g. the hashboards in stock at a repair center. */
  async serials(query: SerialQuery): Promise<Page<SerialSummaryDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 1);
    const rows: SerialRow[] = await this.dataSource.query(
      `SELECT serial, sku, location_code, status, updated_at FROM serials
        WHERE ($1::text IS NULL OR sku = $1) AND ($2::text IS NULL OR location_code = $2) AND ($3::text IS NULL OR status = $3)
          AND ($4::text IS NULL OR serial > $4)
        ORDER BY serial LIMIT $5`,
      [query.sku ?? null, query.locationCode ?? null, query.status ?? null, after ? String(after[0]) : null, limit + 1],
    );
    return toPage(rows, limit, (row) => [row.serial], toSerialSummary);
  }

  /** Serials receipts could not track, oldest first: open ones by default, a work queue to sort out. */
  async serialConflicts(query: SerialConflictQuery): Promise<Page<SerialConflictDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 1);
    const status = query.status ?? 'open';
    const rows: SerialConflictRow[] = await this.dataSource.query(
      `SELECT * FROM serial_conflicts
        WHERE ($1 = 'all' OR (resolved_at IS NULL) = ($1 = 'open'))
          AND ($2::text IS NULL OR sku = $2) AND ($3::text IS NULL OR location_code = $3) AND ($4::text IS NULL OR serial = $4)
          AND ($5::bigint IS NULL OR seq > $5)
        ORDER BY seq LIMIT $6`,
      [status, query.sku ?? null, query.locationCode ?? null, query.serial ?? null, after ? String(after[0]) : null, limit + 1],
    );
    return toPage(rows, limit, (row) => [row.seq], toSerialConflictDto);
  }

  async serial(serial: string): Promise<SerialDto> {
    const rows: SerialRow[] = await this.dataSource.query(
      `SELECT serial, sku, location_code, status, updated_at FROM serials WHERE serial = $1`,
      [serial],
    );
    if (rows.length === 0) throw new NotFound('serial', serial);
    const history: Array<{ at: Date; event: string; location_code: string | null; reference: string | null }> = await this.dataSource.query(
      `SELECT at, event, location_code, reference FROM serial_history WHERE serial = $1 ORDER BY id`,
      [serial],
    );
    return {
      ...toSerialSummary(rows[0]),
      history: history.map((row) => ({ at: row.at.toISOString(), event: row.event, locationCode: row.location_code, reference: row.reference })),
    };
  }

  /**
   * Recomputes every balance row from its history and compares: on-hand from the ledger, reserved
   * from confirmed reservations, in-transit from transfers not yet landed; and checks that no location
   * lists more serials in stock than units on hand. Optionally for one SKU.
   */
  async audit(sku?: string): Promise<AuditDto> {
    const rows: Array<{
      sku: string; location_code: string; on_hand: number; reserved: number; in_transit: number;
      ledger_on_hand: string; open_reserved: string; open_in_transit: string; serials_in_stock: string;
    }> = await this.dataSource.query(
      `WITH keys AS (
         SELECT sku, location_code FROM stock_balances
         UNION SELECT sku, location_code FROM stock_ledger
         UNION SELECT sku, location_code FROM reservations WHERE status = 'confirmed'
         UNION SELECT sku, to_location_code FROM transfers WHERE status = 'in_transit'
         UNION SELECT sku, location_code FROM serials WHERE status = 'in_stock'
       )
       SELECT k.sku, k.location_code,
              coalesce(b.on_hand, 0) AS on_hand, coalesce(b.reserved, 0) AS reserved, coalesce(b.in_transit, 0) AS in_transit,
              (SELECT coalesce(sum(quantity), 0) FROM stock_ledger l WHERE l.sku = k.sku AND l.location_code = k.location_code) AS ledger_on_hand,
              (SELECT coalesce(sum(quantity), 0) FROM reservations r
                WHERE r.sku = k.sku AND r.location_code = k.location_code AND r.status = 'confirmed') AS open_reserved,
              (SELECT coalesce(sum(quantity), 0) FROM transfers t
                WHERE t.sku = k.sku AND t.to_location_code = k.location_code AND t.status = 'in_transit') AS open_in_transit,
              (SELECT count(*) FROM serials s
                WHERE s.sku = k.sku AND s.location_code = k.location_code AND s.status = 'in_stock') AS serials_in_stock
         FROM keys k LEFT JOIN stock_balances b ON b.sku = k.sku AND b.location_code = k.location_code
        WHERE $1::text IS NULL OR k.sku = $1`,
      [sku ?? null],
    );
    const mismatches: AuditMismatchDto[] = [];
    for (const row of rows) {
      const pairs: Array<[string, number, number]> = [
        ['onHand', row.on_hand, Number(row.ledger_on_hand)],
        ['reserved', row.reserved, Number(row.open_reserved)],
        ['inTransit', row.in_transit, Number(row.open_in_transit)],
      ];
      for (const [field, stored, recomputed] of pairs) {
        if (stored !== recomputed) mismatches.push({ sku: row.sku, locationCode: row.location_code, field, stored, recomputed });
      }
      const serialsInStock = Number(row.serials_in_stock);
      if (serialsInStock > row.on_hand) {
        mismatches.push({ sku: row.sku, locationCode: row.location_code, field: 'serialsInStock', stored: serialsInStock, recomputed: row.on_hand });
      }
    }
    return { ok: mismatches.length === 0, rowsChecked: rows.length, mismatches };
  }
}
