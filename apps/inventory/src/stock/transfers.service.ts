import {
  Conflict, currentActor, decodeCursor, InvalidInput, InventoryEvents, NotFound, type Page, pageLimit, toPage, Transactions,
} from '@app/common';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TransferDto, TransferQuery, TransferRequestDto } from './stock.dto';
import { orThrow, SerialBook, snapshot, StockBook } from './stock.repository';
import { expectTransfer, transferIn, transferOut } from './stock.rules';

interface TransferRow {
  id: string;
  seq: string;
  sku: string;
  from_location_code: string;
  to_location_code: string;
  quantity: number;
  serials: string[];
  status: 'in_transit' | 'received';
  created_at: Date;
  received_at: Date | null;
  created_by: string;
}

function toDto(row: TransferRow): TransferDto {
  return {
    id: row.id,
    sku: row.sku,
    fromLocationCode: row.from_location_code,
    toLocationCode: row.to_location_code,
    quantity: row.quantity,
    serials: row.serials,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    receivedAt: row.received_at?.toISOString() ?? null,
    createdBy: row.created_by,
  };
}

/** Stock moving between locations: it leaves the origin at once and lands at the destination on receive. */
@Injectable()
export class TransfersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly book: StockBook,
    private readonly serialBook: SerialBook,
    private readonly dataSource: DataSource,
  ) {}

  dispatch(input: TransferRequestDto): Promise<TransferDto> {
    if (input.fromLocationCode === input.toLocationCode) {
      throw new InvalidInput(['toLocationCode: must differ from fromLocationCode']);
    }
    return this.transactions.run(async (unit) => {
      const { sku, fromLocationCode: from, toLocationCode: to, quantity } = input;
      const part = await this.book.resolve(unit, sku, [from, to]);
      SerialBook.checkLeaving(part.serialized, quantity, input.serials ?? []);
      const locked = await this.book.lock(unit, sku, [from, to]);
      const origin = locked.get(from)!;
      const destination = locked.get(to)!;
      const originAfter = orThrow(transferOut(origin, quantity));
      const destinationAfter = expectTransfer(destination, quantity);
      const id = randomUUID();
      const serials = part.serialized ? await this.serialBook.pick(unit, sku, from, quantity, input.serials) : [];
      await this.serialBook.move(unit, serials, 'in_transit', to, 'transfer_out', id);
      await this.book.write(unit, sku, from, originAfter);
      await this.book.write(unit, sku, to, destinationAfter);
      await this.book.append(unit, { sku, locationCode: from, type: 'transfer_out', quantity, reference: id });
      const rows: TransferRow[] = await unit.query(
        `INSERT INTO transfers (id, sku, from_location_code, to_location_code, quantity, serials, status, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, 'in_transit', $7) RETURNING *`,
        [id, sku, from, to, quantity, serials, currentActor()],
      );
      await unit.emit(InventoryEvents.transferDispatched, {
        sku, locationCode: from, quantity, balance: snapshot(originAfter), reference: id, transferId: id, toLocationCode: to,
      });
      await this.book.alertIfLow(unit, sku, from, origin, originAfter, origin.reorderPoint);
      return toDto(rows[0]);
    });
  }

  /** Lands a transfer at its destination; a second receive is 409. */
  receive(id: string): Promise<TransferDto> {
    return this.transactions.run(async (unit) => {
      const found: TransferRow[] = await unit.query(`SELECT * FROM transfers WHERE id = $1 FOR UPDATE`, [id]);
      if (found.length === 0) throw new NotFound('transfer', id);
      const transfer = found[0];
      if (transfer.status !== 'in_transit') {
        throw new Conflict('transfer_received', `transfer ${id} was received already at ${transfer.received_at?.toISOString()}`);
      }
      const { sku, to_location_code: to, quantity } = transfer;
      const before = (await this.book.lock(unit, sku, [to])).get(to)!;
      const after = orThrow(transferIn(before, quantity));
      await this.book.write(unit, sku, to, after);
      await this.book.append(unit, { sku, locationCode: to, type: 'transfer_in', quantity, reference: id });
      await this.serialBook.move(unit, transfer.serials, 'in_stock', to, 'transfer_in', id);
      const rows = await unit.query<TransferRow[]>(
        `UPDATE transfers SET status = 'received', received_at = now() WHERE id = $1 RETURNING *`,
        [id],
      );
      await unit.emit(InventoryEvents.stockReceived, {
        sku, locationCode: to, quantity, balance: snapshot(after), reference: id, source: 'transfer',
      });
      return toDto(rows[0]);
    });
  }

  async get(id: string): Promise<TransferDto> {
    const rows: TransferRow[] = await this.dataSource.query(`SELECT * FROM transfers WHERE id = $1`, [id]);
    if (rows.length === 0) throw new NotFound('transfer', id);
    return toDto(rows[0]);
  }

  async list(query: TransferQuery): Promise<Page<TransferDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 1);
    const rows: TransferRow[] = await this.dataSource.query(
      `SELECT * FROM transfers WHERE ($1::text IS NULL OR sku = $1) AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR seq > $3)
        ORDER BY seq LIMIT $4`,
      [query.sku ?? null, query.status ?? null, after ? Number(after[0]) : null, limit + 1],
    );
    return toPage(rows, limit, (row) => [Number(row.seq)], toDto);
  }
}
