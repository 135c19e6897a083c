import { Conflict, currentActor, InventoryEvents, InvalidInput, NotFound, type StockBalance as BalanceSnapshot, type UnitOfWork } from '@app/common';
import { Injectable } from '@nestjs/common';
import { type KnownSerial, type SerialConflict, type SerialConflictReason, serialBlockedBy } from './serial-conflicts.rules';
import type { SerialConflictDto } from './stock.dto';
import { availableOf, crossedBelowReorderPoint, type LedgerType, ledgerEntry, type StockBalance } from './stock.rules';

/** A balance row as read under lock: the arithmetic's balance plus the row's reorder point. */
export interface LockedBalance extends StockBalance {
  reorderPoint: number | null;
}

export interface BalanceRow {
  sku: string;
  location_code: string;
  on_hand: number;
  reserved: number;
  in_transit: number;
  reorder_point: number | null;
}

export interface LedgerRow {
  id: string;
  at: Date;
  sku: string;
  location_code: string;
  type: LedgerType;
  quantity: number;
  reference: string | null;
  reason: string | null;
  actor: string;
}

export function toLocked(row: BalanceRow): LockedBalance {
  return { onHand: row.on_hand, reserved: row.reserved, inTransit: row.in_transit, reorderPoint: row.reorder_point };
}

/** The balance as events and replies carry it. */
export function snapshot(balance: StockBalance): BalanceSnapshot {
  return { onHand: balance.onHand, reserved: balance.reserved, available: availableOf(balance), inTransit: balance.inTransit };
}

/** The rules answer a Conflict (e.g. InsufficientStock) instead of throwing; in a use case it aborts the transaction (409). */
export function orThrow<T>(result: T): Exclude<T, Conflict> {
  if (result instanceof Conflict) throw result;
  return result as Exclude<T, Conflict>;
}

/**
 * The SQL every stock movement shares: resolving SKU and locations, locking balance rows, writing
 * the new balance and its ledger entry in the caller's transaction, and the low-stock alert.
 */
@Injectable()
export class StockBook {
  /** 404 naming the unknown SKU or location; answers whether the part is serialized. */
  async resolve(unit: UnitOfWork, sku: string, locationCodes: string[]): Promise<{ serialized: boolean }> {
    const parts: Array<{ serialized: boolean }> = await unit.query(`SELECT serialized FROM parts WHERE sku = $1`, [sku]);
    if (parts.length === 0) throw new NotFound('part', sku);
    const known: Array<{ code: string }> = await unit.query(`SELECT code FROM locations WHERE code = ANY($1)`, [locationCodes]);
    const missing = locationCodes.find((code) => !known.some((row) => row.code === code));
    if (missing !== undefined) throw new NotFound('location', missing);
    return parts[0];
  }

  /**
   * Locks the balance rows of one SKU at these locations (creating empty ones), always in code
   * order so two movements touching the same rows cannot deadlock.
   */
  async lock(unit: UnitOfWork, sku: string, locationCodes: string[]): Promise<Map<string, LockedBalance>> {
    const codes = [...new Set(locationCodes)].sort();
    await unit.query(
      `INSERT INTO stock_balances (sku, location_code) SELECT $1, code FROM unnest($2::text[]) AS code ORDER BY code
       ON CONFLICT (sku, location_code) DO NOTHING`,
      [sku, codes],
    );
    const rows: BalanceRow[] = await unit.query(
      `SELECT * FROM stock_balances WHERE sku = $1 AND location_code = ANY($2) ORDER BY location_code FOR UPDATE`,
      [sku, codes],
    );
    return new Map(rows.map((row) => [row.location_code, toLocked(row)]));
  }

  async write(unit: UnitOfWork, sku: string, locationCode: string, balance: StockBalance): Promise<void> {
    await unit.query(
      `UPDATE stock_balances SET on_hand = $3, reserved = $4, in_transit = $5, updated_at = now()
        WHERE sku = $1 AND location_code = $2`,
      [sku, locationCode, balance.onHand, balance.reserved, balance.inTransit],
    );
  }

  /** Appends one ledger entry; its quantity is the signed change to on-hand. */
  async append(
    unit: UnitOfWork,
    entry: { sku: string; locationCode: string; type: LedgerType; quantity: number; reference?: string | null; reason?: string | null },
  ): Promise<LedgerRow> {
    const signed = ledgerEntry(entry.type, entry.quantity);
    const rows: LedgerRow[] = await unit.query(
      `INSERT INTO stock_ledger (sku, location_code, type, quantity, reference, reason, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [entry.sku, entry.locationCode, signed.type, signed.quantity, entry.reference ?? null, entry.reason ?? null, currentActor()],
    );
    return rows[0];
  }

  /**
   * Emits stockLow when this change takes available from at or above the reorder point to below it.
   * The rules' crossing is "from above to at-or-below"; for integers, using reorderPoint - 1 there
   * gives the contract's "from ≥ to <", one alert per dip.
   */
  async alertIfLow(unit: UnitOfWork, sku: string, locationCode: string, before: StockBalance, after: StockBalance, reorderPoint: number | null): Promise<void> {
    if (reorderPoint === null || !crossedBelowReorderPoint(before, after, reorderPoint - 1)) return;
    await unit.emit(InventoryEvents.stockLow, { sku, locationCode, available: availableOf(after), reorderPoint });
  }
}

export interface SerialConflictRow {
  seq: string;
  id: string;
  serial: string;
  sku: string;
  location_code: string;
  source: string;
  reference: string | null;
  reason: SerialConflictReason;
  known_sku: string | null;
  known_status: string | null;
  known_location_code: string | null;
  noted_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: string | null;
}

export function toSerialConflictDto(row: SerialConflictRow): SerialConflictDto {
  return {
    id: row.id,
    serial: row.serial,
    sku: row.sku,
    locationCode: row.location_code,
    source: row.source,
    reference: row.reference,
    reason: row.reason,
    known: row.known_sku === null ? null : { sku: row.known_sku, status: row.known_status as string, locationCode: row.known_location_code },
    notedAt: row.noted_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolvedBy: row.resolved_by,
    resolution: row.resolution,
  };
}

/** Serials of serialized parts: where each one is, and its history. */
@Injectable()
export class SerialBook {
  /** For a serialized part, exactly `quantity` unique serials; for another, none (400 naming `serials`). */
  static check(serialized: boolean, quantity: number, serials: string[] | undefined, required: boolean): void {
    if (!serialized) {
      SerialBook.refuseForUnserialized(serials);
      return;
    }
    if (serials === undefined) {
      if (required) throw new InvalidInput([`serials: a serialized part needs exactly ${quantity} serials`]);
      return;
    }
    if (serials.length !== quantity || new Set(serials).size !== serials.length) {
      throw new InvalidInput([`serials: must list exactly ${quantity} unique serials (got ${serials.length})`]);
    }
  }

  /** Serials named for units leaving: at most `quantity`, unique, and only for a serialized part (400 naming `serials`). */
  static checkLeaving(serialized: boolean, quantity: number, serials: string[]): void {
    if (!serialized) {
      SerialBook.refuseForUnserialized(serials);
      return;
    }
    if (serials.length > quantity || new Set(serials).size !== serials.length) {
      throw new InvalidInput([`serials: at most ${quantity} unique serials (got ${serials.length})`]);
    }
  }

  private static refuseForUnserialized(serials: string[] | undefined): void {
    if (serials !== undefined && serials.length > 0) throw new InvalidInput(['serials: this part is not serialized; send no serials']);
  }

  /** Of `serials`, those that may not come into stock of `sku` (serialBlockedBy), by serial; all known ones stay locked. */
  private async taken(unit: UnitOfWork, sku: string, serials: string[]): Promise<string[]> {
    const known = await this.known(unit, serials);
    return [...known].filter(([, record]) => serialBlockedBy(record, sku) !== null).map(([serial]) => serial);
  }

  /** What the serials table says of each of `serials` it knows, locked until the transaction ends. */
  async known(unit: UnitOfWork, serials: string[]): Promise<Map<string, KnownSerial>> {
    if (serials.length === 0) return new Map();
    const rows: Array<{ serial: string; sku: string; status: string; location_code: string | null }> = await unit.query(
      `SELECT serial, sku, status, location_code FROM serials WHERE serial = ANY($1) ORDER BY serial FOR UPDATE`,
      [serials],
    );
    return new Map(rows.map((row) => [row.serial, { sku: row.sku, status: row.status, locationCode: row.location_code }]));
  }

  /**
   * Records serials a receipt named but could not track (its units came in untracked) as open
   * conflicts, and notes them in the history of those the serials table knows: who named them again,
   * where and when.
   */
  async recordConflicts(
    unit: UnitOfWork,
    conflicts: SerialConflict[],
    receipt: { sku: string; locationCode: string; source: string; reference: string | null },
  ): Promise<void> {
    if (conflicts.length === 0) return;
    const { sku, locationCode, source, reference } = receipt;
    await unit.query(
      `INSERT INTO serial_conflicts (serial, sku, location_code, source, reference, reason, known_sku, known_status, known_location_code)
       SELECT c.serial, $2, $3, $4, $5, c.reason, c.known_sku, c.known_status, c.known_location_code
         FROM unnest($1::text[], $6::text[], $7::text[], $8::text[], $9::text[])
              AS c(serial, reason, known_sku, known_status, known_location_code)`,
      [
        conflicts.map((conflict) => conflict.serial), sku, locationCode, source, reference,
        conflicts.map((conflict) => conflict.reason),
        conflicts.map((conflict) => conflict.known?.sku ?? null),
        conflicts.map((conflict) => conflict.known?.status ?? null),
        conflicts.map((conflict) => conflict.known?.locationCode ?? null),
      ],
    );
    const knownSerials = [...new Set(conflicts.filter((conflict) => conflict.known).map((conflict) => conflict.serial))];
    if (knownSerials.length > 0) {
      await this.history(unit, knownSerials, `named again (${source}): unit received untracked`, locationCode, reference);
    }
  }

  /** Marks an open conflict resolved, saying how and by whom; 404 unknown, 409 already resolved. */
  async resolveConflict(unit: UnitOfWork, id: string, resolution: string): Promise<SerialConflictRow> {
    const rows: SerialConflictRow[] = await unit.query(`SELECT * FROM serial_conflicts WHERE id = $1 FOR UPDATE`, [id]);
    if (rows.length === 0) throw new NotFound('serial conflict', id);
    if (rows[0].resolved_at !== null) {
      throw new Conflict('serial_conflict_resolved', `serial conflict ${id} was resolved by ${rows[0].resolved_by} on ${rows[0].resolved_at.toISOString()}`);
    }
    const resolved: SerialConflictRow[] = await unit.query(
      `UPDATE serial_conflicts SET resolved_at = now(), resolved_by = $2, resolution = $3 WHERE id = $1 RETURNING *`,
      [id, currentActor(), resolution],
    );
    return resolved[0];
  }

  /** Puts serials in stock at a location; 409 naming those already in stock or on their way. */
  async receive(unit: UnitOfWork, sku: string, locationCode: string, serials: string[], event: string, reference: string | null): Promise<void> {
    if (serials.length === 0) return;
    const taken = await this.taken(unit, sku, serials);
    if (taken.length > 0) {
      throw new Conflict('serial_in_stock', `serials already in stock (or of another part): ${taken.join(', ')}`, { serials: taken });
    }
    await unit.query(
      `INSERT INTO serials (serial, sku, location_code, status) SELECT s, $2, $3, 'in_stock' FROM unnest($1::text[]) AS s
       ON CONFLICT (serial) DO UPDATE SET location_code = EXCLUDED.location_code, status = 'in_stock', updated_at = now()`,
      [serials, sku, locationCode],
    );
    await this.history(unit, serials, event, locationCode, reference);
  }

  /**
   * The serials of `quantity` units leaving a location: the named ones (each must be in stock there,
   * 409 otherwise), then, for units not named, the first other serials in stock there by serial, as
   * far as there are any. Taking tracked units first keeps serials in stock at most the units on hand
   * (units received without serials, from shipments or harvests, are the untracked rest).
   */
  async pick(unit: UnitOfWork, sku: string, locationCode: string, quantity: number, named: string[] = []): Promise<string[]> {
    if (named.length > 0) {
      const rows: Array<{ serial: string }> = await unit.query(
        `SELECT serial FROM serials WHERE serial = ANY($1) AND sku = $2 AND location_code = $3 AND status = 'in_stock' FOR UPDATE`,
        [named, sku, locationCode],
      );
      const missing = named.filter((serial) => !rows.some((row) => row.serial === serial));
      if (missing.length > 0) {
        throw new Conflict('serial_not_in_stock', `serials not in stock of ${sku} at ${locationCode}: ${missing.join(', ')}`, { serials: missing });
      }
    }
    if (named.length === quantity) return named;
    const others: Array<{ serial: string }> = await unit.query(
      `SELECT serial FROM serials WHERE sku = $1 AND location_code = $2 AND status = 'in_stock' AND serial <> ALL($3::text[])
        ORDER BY serial LIMIT $4 FOR UPDATE`,
      [sku, locationCode, named, quantity - named.length],
    );
    return [...named, ...others.map((row) => row.serial)];
  }

  async countInStock(unit: UnitOfWork, sku: string, locationCode: string): Promise<number> {
    const rows: Array<{ count: number }> = await unit.query(
      `SELECT count(*)::int AS count FROM serials WHERE sku = $1 AND location_code = $2 AND status = 'in_stock'`,
      [sku, locationCode],
    );
    return rows[0].count;
  }

  async move(
    unit: UnitOfWork,
    serials: string[],
    status: 'in_stock' | 'in_transit' | 'consumed' | 'removed',
    locationCode: string | null,
    event: string,
    reference: string | null,
  ): Promise<void> {
    if (serials.length === 0) return;
    await unit.query(`UPDATE serials SET status = $2, location_code = $3, updated_at = now() WHERE serial = ANY($1)`, [
      serials,
      status,
      locationCode,
    ]);
    await this.history(unit, serials, event, locationCode, reference);
  }

  private async history(unit: UnitOfWork, serials: string[], event: string, locationCode: string | null, reference: string | null): Promise<void> {
    await unit.query(
      `INSERT INTO serial_history (serial, event, location_code, reference) SELECT s, $2, $3, $4 FROM unnest($1::text[]) AS s`,
      [serials, event, locationCode, reference],
    );
  }
}
