import { InventoryEvents, NotFound, STOCK_RECEIPT_SOURCES, Transactions, type UnitOfWork } from '@app/common';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sortNamedSerials } from './serial-conflicts.rules';
import {
  AdjustmentDto, LabelSerialsDto, MovementDto, ReceiptDto, ReorderPointDto, SerialConflictDto, SerialLabelsDto, StockItemDto,
} from './stock.dto';
import { type BalanceRow, type LedgerRow, orThrow, SerialBook, snapshot, StockBook, toLocked, toSerialConflictDto } from './stock.repository';
import { adjust, labelUntracked, receive } from './stock.rules';

export type ReceiptSource = (typeof STOCK_RECEIPT_SOURCES)[number];

/** A receipt as StockService.receive takes it: through the API, or from another service's event. */
export interface ReceiptInput {
  sku: string;
  locationCode: string;
  quantity: number;
  serials?: string[];
  reference?: string;
  source: ReceiptSource;
}

export function toLedgerDto(row: LedgerRow) {
  return {
    id: Number(row.id),
    at: row.at.toISOString(),
    sku: row.sku,
    locationCode: row.location_code,
    type: row.type,
    quantity: row.quantity,
    reference: row.reference,
    reason: row.reason,
    actor: row.actor,
  };
}

export function toStockItem(row: BalanceRow): StockItemDto {
  return { sku: row.sku, locationCode: row.location_code, ...snapshot(toLocked(row)), reorderPoint: row.reorder_point };
}

/** Receipts, adjustments and reorder points: each one transaction of balance, ledger, serials and outbox. */
@Injectable()
export class StockService {
  private readonly logger = new Logger('stock');

  constructor(
    private readonly transactions: Transactions,
    private readonly book: StockBook,
    private readonly serialBook: SerialBook,
    private readonly dataSource: DataSource,
  ) {}

  receiveRequest(input: ReceiptDto): Promise<MovementDto> {
    return this.transactions.run((unit) => this.receive(unit, { ...input, source: 'receipt' }));
  }

  /**
   * A receipt in the caller's transaction. A receipt through the API names one serial per unit of a
   * serialized part, or is refused. A receipt from an event (a shipment delivered, a harvest) happened
   * physically and cannot be refused: it takes the serials its sender knew as far as they can be
   * tracked, and the other units come in untracked until `label` gives them serials.
   */
  async receive(unit: UnitOfWork, input: ReceiptInput): Promise<MovementDto> {
    const part = await this.book.resolve(unit, input.sku, [input.locationCode]);
    const before = (await this.book.lock(unit, input.sku, [input.locationCode])).get(input.locationCode)!;
    let serials = input.serials ?? [];
    if (input.source === 'receipt') SerialBook.check(part.serialized, input.quantity, input.serials, true);
    else serials = await this.trackableSerials(unit, part.serialized, input);
    const after = receive(before, input.quantity);
    const reference = input.reference ?? null;
    await this.serialBook.receive(unit, input.sku, input.locationCode, serials, `received (${input.source})`, reference);
    await this.book.write(unit, input.sku, input.locationCode, after);
    const entry = await this.book.append(unit, {
      sku: input.sku, locationCode: input.locationCode, type: 'receipt', quantity: input.quantity, reference, reason: input.source,
    });
    await unit.emit(InventoryEvents.stockReceived, {
      sku: input.sku,
      locationCode: input.locationCode,
      quantity: input.quantity,
      balance: snapshot(after),
      source: input.source,
      ...(reference !== null ? { reference } : {}),
    });
    return { entry: toLedgerDto(entry), serials, balance: snapshot(after) };
  }

  /**
   * The serials an event's receipt can track (sortNamedSerials); the others are recorded as open
   * conflicts, their units coming in untracked.
   */
  private async trackableSerials(unit: UnitOfWork, serialized: boolean, input: ReceiptInput): Promise<string[]> {
    const named = input.serials ?? [];
    if (named.length === 0) return [];
    const known = await this.serialBook.known(unit, [...new Set(named)]);
    const { trackable, conflicts } = sortNamedSerials(named, { sku: input.sku, serialized }, input.quantity, known);
    if (conflicts.length > 0) {
      const reference = input.reference ?? null;
      await this.serialBook.recordConflicts(unit, conflicts, { sku: input.sku, locationCode: input.locationCode, source: input.source, reference });
      this.logger.warn(
        `${input.source} ${reference ?? ''} of ${input.sku}: serials not tracked, recorded as conflicts: ` +
          conflicts.map((conflict) => `${conflict.serial} (${conflict.reason})`).join(', '),
      );
    }
    return trackable;
  }

  resolveSerialConflict(id: string, resolution: string): Promise<SerialConflictDto> {
    return this.transactions.run(async (unit) => toSerialConflictDto(await this.serialBook.resolveConflict(unit, id, resolution)));
  }

  /**
   * A count correction. For a serialized part, serials named on the way in are put in stock (none
   * named: the units come in untracked); on the way out the named ones, then the first others in
   * stock there, leave as `removed`, so serials in stock never outnumber the units on hand.
   */
  adjust(input: AdjustmentDto): Promise<MovementDto> {
    return this.transactions.run(async (unit) => {
      const { sku, locationCode, delta, reason } = input;
      const part = await this.book.resolve(unit, sku, [locationCode]);
      if (delta > 0) SerialBook.check(part.serialized, delta, input.serials, false);
      else SerialBook.checkLeaving(part.serialized, -delta, input.serials ?? []);
      const before = (await this.book.lock(unit, sku, [locationCode])).get(locationCode)!;
      const after = orThrow(adjust(before, delta));
      let serials = input.serials ?? [];
      if (delta > 0) await this.serialBook.receive(unit, sku, locationCode, serials, 'adjusted_in', reason);
      else if (part.serialized) {
        serials = await this.serialBook.pick(unit, sku, locationCode, -delta, serials);
        await this.serialBook.move(unit, serials, 'removed', locationCode, 'adjusted_out', reason);
      }
      await this.book.write(unit, sku, locationCode, after);
      const entry = await this.book.append(unit, { sku, locationCode, type: 'adjustment', quantity: delta, reason });
      await unit.emit(InventoryEvents.stockAdjusted, { sku, locationCode, quantity: delta, balance: snapshot(after), reason });
      await this.book.alertIfLow(unit, sku, locationCode, before, after, before.reorderPoint);
      return { entry: toLedgerDto(entry), serials, balance: snapshot(after) };
    });
  }

  /** Gives serials to units already on hand that came in without one; the count does not change. */
  label(input: LabelSerialsDto): Promise<SerialLabelsDto> {
    return this.transactions.run(async (unit) => {
      const { sku, locationCode, serials } = input;
      const part = await this.book.resolve(unit, sku, [locationCode]);
      SerialBook.check(part.serialized, serials.length, serials, true);
      const balance = (await this.book.lock(unit, sku, [locationCode])).get(locationCode)!;
      const untracked = orThrow(labelUntracked(balance.onHand, await this.serialBook.countInStock(unit, sku, locationCode), serials.length));
      await this.serialBook.receive(unit, sku, locationCode, serials, 'labelled', input.reference ?? null);
      return { sku, locationCode, serials, untracked };
    });
  }

  setReorderPoint(input: ReorderPointDto): Promise<StockItemDto> {
    return this.transactions.run((unit) => this.setReorderPointIn(unit, input));
  }

  async setReorderPointIn(unit: UnitOfWork, input: ReorderPointDto): Promise<StockItemDto> {
    await this.book.resolve(unit, input.sku, [input.locationCode]);
    const rows: BalanceRow[] = await unit.query(
      `INSERT INTO stock_balances (sku, location_code, reorder_point) VALUES ($1, $2, $3)
       ON CONFLICT (sku, location_code) DO UPDATE SET reorder_point = EXCLUDED.reorder_point, updated_at = now() RETURNING *`,
      [input.sku, input.locationCode, input.reorderPoint],
    );
    return toStockItem(rows[0]);
  }

  async item(sku: string, locationCode: string): Promise<StockItemDto> {
    const rows: BalanceRow[] = await this.dataSource.query(`SELECT * FROM stock_balances WHERE sku = $1 AND location_code = $2`, [
      sku,
      locationCode,
    ]);
    if (rows.length === 0) throw new NotFound('stock row', `${sku}@${locationCode}`);
    return toStockItem(rows[0]);
  }
}
