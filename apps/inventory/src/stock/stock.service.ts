import { InventoryEvents, NotFound, STOCK_RECEIPT_SOURCES, Transactions, type UnitOfWork } from '@app/common';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdjustmentDto, MovementDto, ReceiptDto, ReorderPointDto, StockItemDto } from './stock.dto';
import { type BalanceRow, type LedgerRow, orThrow, SerialBook, snapshot, StockBook, toLocked } from './stock.repository';
import { adjust, receive } from './stock.rules';

export type ReceiptSource = (typeof STOCK_RECEIPT_SOURCES)[number];

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
   * A receipt in the caller's transaction. Receipts from events (shipments, harvests) carry no
   * serials, so for them serials are optional: the count is right, the serials come with a later scan.
   */
  async receive(
    unit: UnitOfWork,
    input: { sku: string; locationCode: string; quantity: number; serials?: string[]; reference?: string; source: ReceiptSource },
  ): Promise<MovementDto> {
    const part = await this.book.resolve(unit, input.sku, [input.locationCode]);
    SerialBook.check(part.serialized, input.quantity, input.serials, input.source === 'receipt');
    const before = (await this.book.lock(unit, input.sku, [input.locationCode])).get(input.locationCode)!;
    const after = receive(before, input.quantity);
    const reference = input.reference ?? null;
    await this.serialBook.receive(unit, input.sku, input.locationCode, input.serials ?? [], `received (${input.source})`, reference);
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
    return { entry: toLedgerDto(entry), serials: input.serials ?? [], balance: snapshot(after) };
  }

  adjust(input: AdjustmentDto): Promise<MovementDto> {
    return this.transactions.run(async (unit) => {
      await this.book.resolve(unit, input.sku, [input.locationCode]);
      const before = (await this.book.lock(unit, input.sku, [input.locationCode])).get(input.locationCode)!;
      const after = orThrow(adjust(before, input.delta));
      await this.book.write(unit, input.sku, input.locationCode, after);
      const entry = await this.book.append(unit, {
        sku: input.sku, locationCode: input.locationCode, type: 'adjustment', quantity: input.delta, reason: input.reason,
      });
      await unit.emit(InventoryEvents.stockAdjusted, {
        sku: input.sku, locationCode: input.locationCode, quantity: input.delta, balance: snapshot(after), reason: input.reason,
      });
      await this.book.alertIfLow(unit, input.sku, input.locationCode, before, after, before.reorderPoint);
      return { entry: toLedgerDto(entry), serials: [], balance: snapshot(after) };
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
