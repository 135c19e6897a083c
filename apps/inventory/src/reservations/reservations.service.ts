import {
  currentActor, decodeCursor, InvalidInput, InventoryEvents, NotFound, type Page, pageLimit, type ReserveStockReply,
  type StockBalance as BalanceSnapshot, toPage, Transactions, type UnitOfWork,
} from '@app/common';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type BalanceRow, orThrow, SerialBook, snapshot, StockBook, toLocked } from '../stock/stock.repository';
import { consume, InsufficientStock, release } from '../stock/stock.rules';
import { ReservationDto, ReservationQuery } from './reservation.dto';
import { reservationTransition, IllegalReservationTransition, type ReservationStatus } from './reservation.rules';

interface ReservationRow {
  id: string;
  seq: string;
  request_id: string | null;
  sku: string;
  location_code: string;
  quantity: number;
  ticket_id: string | null;
  status: ReservationStatus;
  expires_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
  consumed_serials: string[];
}

function toDto(row: ReservationRow, balance?: BalanceSnapshot): ReservationDto {
  return {
    id: row.id,
    sku: row.sku,
    locationCode: row.location_code,
    quantity: row.quantity,
    ticketId: row.ticket_id,
    status: row.status,
    expiresAt: row.expires_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    serials: row.consumed_serials,
    ...(balance ? { balance } : {}),
  };
}

export interface ReserveInput {
  sku: string;
  locationCode: string;
  quantity: number;
  ticketId?: string;
  expiresAt?: string;
  /** From request-reply: a repeat with the same id answers the reservation already made. */
  requestId?: string;
}

export type ReserveOutcome =
  | { kind: 'reserved'; reservation: ReservationDto; balance: BalanceSnapshot }
  | { kind: 'short'; available: number; missing: number };

/** A reservation's end: what it does to the balance, and the event announcing it. */
const CLOSINGS = {
  consumed: { apply: consume, event: InventoryEvents.stockConsumed },
  released: { apply: release, event: InventoryEvents.stockReleased },
  expired: { apply: release, event: InventoryEvents.stockReleased },
} as const;

/** A conditional UPDATE that failed may have raced a receipt; a re-read that shows enough stock retries it. */
const RESERVE_ATTEMPTS = 3;

@Injectable()
export class ReservationsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly book: StockBook,
    private readonly serialBook: SerialBook,
    private readonly dataSource: DataSource,
  ) {}

  /** REST: a reservation, or 409 when available stock is short. */
  async create(input: ReserveInput): Promise<ReservationDto> {
    const outcome = await this.reserve(input);
    if (outcome.kind === 'short') throw new InsufficientStock(outcome.available, input.quantity);
    return { ...outcome.reservation, balance: outcome.balance };
  }

  /** Request-reply: `short` is an answer, not an error. */
  async reserveForRequest(input: ReserveInput): Promise<ReserveStockReply> {
    const outcome = await this.reserve(input);
    return outcome.kind === 'short'
      ? { status: 'short', available: outcome.available, missing: outcome.missing }
      : { status: 'reserved', reservationId: outcome.reservation.id, balance: outcome.balance };
  }

  async reserve(input: ReserveInput): Promise<ReserveOutcome> {
    const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
    if (expiresAt !== null && Number.isNaN(expiresAt.getTime())) throw new InvalidInput(['expiresAt: must be an ISO 8601 timestamp']);
    if (input.requestId) {
      const earlier = await this.byRequestId(input.requestId);
      if (earlier) return earlier;
    }
    try {
      return await this.transactions.run((unit) => this.reserveIn(unit, input, expiresAt));
    } catch (error) {
      // The same requestId raced us and won: answer its reservation (ours rolled back whole).
      if (input.requestId && (error as { code?: string }).code === '23505') {
        const earlier = await this.byRequestId(input.requestId);
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  private async reserveIn(unit: UnitOfWork, input: ReserveInput, expiresAt: Date | null): Promise<ReserveOutcome> {
    const { sku, locationCode, quantity } = input;
    await this.book.resolve(unit, sku, [locationCode]);
    let reserved: BalanceRow | undefined;
    let available = 0;
    for (let attempt = 0; attempt < RESERVE_ATTEMPTS && !reserved; attempt += 1) {
      // One atomic conditional statement: never oversells, and never refuses what the stock covers.
      const rows = await unit.query<BalanceRow[]>(
        `UPDATE stock_balances SET reserved = reserved + $3, updated_at = now()
          WHERE sku = $1 AND location_code = $2 AND on_hand - reserved >= $3 RETURNING *`,
        [sku, locationCode, quantity],
      );
      reserved = rows[0];
      if (reserved) break;
      const current: Array<{ available: number }> = await unit.query(
        `SELECT on_hand - reserved AS available FROM stock_balances WHERE sku = $1 AND location_code = $2`,
        [sku, locationCode],
      );
      available = current[0]?.available ?? 0;
      if (available < quantity) break;
    }
    if (!reserved) {
      available = Math.min(available, quantity - 1);
      return { kind: 'short', available, missing: quantity - available };
    }
    const after = toLocked(reserved);
    const before = { ...after, reserved: after.reserved - quantity };
    const id = randomUUID();
    const rows: ReservationRow[] = await unit.query(
      `INSERT INTO reservations (id, request_id, sku, location_code, quantity, ticket_id, status, expires_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'confirmed', $7, $8) RETURNING *`,
      [id, input.requestId ?? null, sku, locationCode, quantity, input.ticketId ?? null, expiresAt, currentActor()],
    );
    await this.history(unit, id, 'confirmed', null);
    const balance = snapshot(after);
    await unit.emit(InventoryEvents.stockReserved, {
      sku, locationCode, quantity, balance, reference: id, reservationId: id, ...(input.ticketId ? { ticketId: input.ticketId } : {}),
    });
    await this.book.alertIfLow(unit, sku, locationCode, before, after, after.reorderPoint);
    return { kind: 'reserved', reservation: toDto(rows[0]), balance };
  }

  private async byRequestId(requestId: string): Promise<ReserveOutcome | null> {
    const rows: ReservationRow[] = await this.dataSource.query(`SELECT * FROM reservations WHERE request_id = $1`, [requestId]);
    if (rows.length === 0) return null;
    const balances: BalanceRow[] = await this.dataSource.query(`SELECT * FROM stock_balances WHERE sku = $1 AND location_code = $2`, [
      rows[0].sku,
      rows[0].location_code,
    ]);
    return { kind: 'reserved', reservation: toDto(rows[0]), balance: snapshot(toLocked(balances[0])) };
  }

  /**
   * The serials that went into the machine are named by `serial` (one) or `serials` (at most the
   * reserved quantity); the units not named take serials picked by SerialBook.pick.
   */
  consume(id: string, named: { serial?: string; serials?: string[] } = {}): Promise<ReservationDto> {
    if (named.serial !== undefined && named.serials !== undefined) throw new InvalidInput(['serial: give serial or serials, not both']);
    return this.close(id, 'consumed', null, named.serials ?? (named.serial !== undefined ? [named.serial] : []));
  }

  release(id: string, note: string | null = null): Promise<ReservationDto> {
    return this.close(id, 'released', note);
  }

  /** Consumes, releases or expires a confirmed reservation; any other is 409 naming what remains allowed. */
  close(id: string, to: 'consumed' | 'released' | 'expired', note: string | null, serials: string[] = []): Promise<ReservationDto> {
    return this.transactions.run(async (unit) => {
      const found: ReservationRow[] = await unit.query(`SELECT * FROM reservations WHERE id = $1 FOR UPDATE`, [id]);
      if (found.length === 0) throw new NotFound('reservation', id);
      const reservation = found[0];
      const moved = reservationTransition(reservation.status, to);
      if (moved instanceof IllegalReservationTransition) throw moved;
      const { sku, location_code: locationCode, quantity } = reservation;
      const part = await this.book.resolve(unit, sku, [locationCode]);
      if (to === 'consumed') SerialBook.checkLeaving(part.serialized, quantity, serials);
      const before = (await this.book.lock(unit, sku, [locationCode])).get(locationCode)!;
      const closing = CLOSINGS[to];
      const after = orThrow(closing.apply(before, quantity));
      await this.book.write(unit, sku, locationCode, after);
      const reference = reservation.ticket_id ?? id;
      let consumedSerials: string[] = [];
      if (to === 'consumed') {
        await this.book.append(unit, { sku, locationCode, type: 'consume', quantity, reference, reason: `reservation ${id}` });
        if (part.serialized) {
          consumedSerials = await this.serialBook.pick(unit, sku, locationCode, quantity, serials);
          await this.serialBook.move(unit, consumedSerials, 'consumed', locationCode, 'consumed', reference);
        }
      }
      const rows = await unit.query<ReservationRow[]>(
        `UPDATE reservations SET status = $2, closed_at = now(), consumed_serials = $3 WHERE id = $1 RETURNING *`,
        [id, to, consumedSerials],
      );
      await this.history(unit, id, to, note ?? (consumedSerials.length ? `serials ${consumedSerials.join(', ')}` : null));
      const balance = snapshot(after);
      await unit.emit(closing.event, {
        sku, locationCode, quantity, balance, reference: id, reservationId: id,
        ...(reservation.ticket_id ? { ticketId: reservation.ticket_id } : {}),
      });
      return toDto(rows[0], balance);
    });
  }

  /** Expires confirmed reservations whose time is up; answers how many it expired. */
  async expireDue(now = new Date()): Promise<number> {
    const due: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM reservations WHERE status = 'confirmed' AND expires_at <= $1 ORDER BY expires_at LIMIT 500`,
      [now],
    );
    let expired = 0;
    for (const { id } of due) {
      try {
        await this.close(id, 'expired', 'expired by the sweep');
        expired += 1;
      } catch (error) {
        // Consumed or released meanwhile: nothing left to expire.
        if (!(error instanceof IllegalReservationTransition)) throw error;
      }
    }
    return expired;
  }

  async get(id: string): Promise<ReservationDto> {
    const rows: ReservationRow[] = await this.dataSource.query(`SELECT * FROM reservations WHERE id = $1`, [id]);
    if (rows.length === 0) throw new NotFound('reservation', id);
    const history: Array<{ at: Date; status: ReservationStatus; actor: string; note: string | null }> = await this.dataSource.query(
      `SELECT at, status, actor, note FROM reservation_history WHERE reservation_id = $1 ORDER BY id`,
      [id],
    );
    return {
      ...toDto(rows[0]),
      history: history.map((row) => ({ at: row.at.toISOString(), status: row.status, actor: row.actor, note: row.note })),
    };
  }

  async list(query: ReservationQuery): Promise<Page<ReservationDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 1);
    const rows: ReservationRow[] = await this.dataSource.query(
      `SELECT * FROM reservations
        WHERE ($1::text IS NULL OR ticket_id = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR sku = $3)
          AND ($4::bigint IS NULL OR seq > $4)
        ORDER BY seq LIMIT $5`,
      [query.ticketId ?? null, query.status ?? null, query.sku ?? null, after ? Number(after[0]) : null, limit + 1],
    );
    return toPage(rows, limit, (row) => [Number(row.seq)], (row) => toDto(row));
  }

  private async history(unit: UnitOfWork, id: string, status: ReservationStatus, note: string | null): Promise<void> {
    await unit.query(`INSERT INTO reservation_history (reservation_id, status, actor, note) VALUES ($1, $2, $3, $4)`, [
      id,
      status,
      currentActor(),
      note,
    ]);
  }
}
