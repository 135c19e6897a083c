import {
  Conflict, currentActor, HttpOutcome, InventoryRequests, NotFound, type ReserveStockReply, ServiceRequests, ServiceUnavailable,
  Transactions,
} from '@app/common';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdleImpact } from '../fleet/idle-impact';
import { PartsQueueWorker } from './parts-queue.worker';
import { AwaitingPartsDto, ConsumePartDto, PartConsumedDto, PartReservedDto, RequestPartDto } from './ticket.dto';
import { isFinal, shortestPath, TicketStatus } from './ticket.rules';
import { TicketRow, TicketsRepository } from './tickets.repository';
import { MoveEffects, TicketsService } from './tickets.service';

/**
 * Statuses in which a ticket may ask for parts: every open one from which awaiting_parts can be
 * reached (a part known to be dead may be ordered before the unit reaches the bench).
 */
const PARTS_STATUSES: readonly TicketStatus[] = ['reported', 'received', 'diagnosing', 'awaiting_parts', 'repairing', 'testing'];

type PartOutcome = HttpOutcome<PartReservedDto | AwaitingPartsDto>;

@Injectable()
export class TicketPartsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
    private readonly requests: ServiceRequests,
    private readonly tickets: TicketsService,
    private readonly impact: IdleImpact,
    private readonly queue: PartsQueueWorker,
  ) {}

  /**
   * Reserve at the ticket's repair center (201), or queue the ticket for the part and move it to
   * awaiting_parts (202). When others already wait for the SKU there, the ticket joins the queue
   * without asking, so a newcomer never takes stock ahead of an older ticket.
   */
  async request(ticketId: string, input: RequestPartDto): Promise<PartOutcome> {
    const requestId = randomUUID();
    const queued = await this.transactions.run(async (unit) => {
      const ticket = await this.lockOpenForParts(unit, ticketId);
      if (await TicketsRepository.hasWaiters(unit, input.sku, ticket.repair_center_code)) {
        return this.enqueueInUnit(unit, ticket, input, randomUUID());
      }
      // Stored before asking, so a reservation whose reply is lost can be found and released (ReservationReleaser).
      await unit.query(
        `INSERT INTO repairs.part_requests (request_id, ticket_id, sku, location_code, quantity, status) VALUES ($1, $2, $3, $4, $5, 'sent')`,
        [requestId, ticket.id, input.sku, ticket.repair_center_code, input.quantity],
      );
      return null;
    });
    if (queued) return this.awaiting(ticketId, queued);

    const ticket = (await TicketsRepository.find(this.dataSource, ticketId))!;
    let reply: ReserveStockReply;
    try {
      reply = await this.requests.request(InventoryRequests.reserve, {
        requestId, sku: input.sku, locationCode: ticket.repair_center_code, quantity: input.quantity, ticketId,
      });
    } catch (error) {
      const answered = !(error instanceof ServiceUnavailable);
      await this.setRequestStatus(requestId, answered ? 'reconciled' : 'unanswered').catch(() => undefined);
      throw error;
    }
    if (reply.status === 'reserved') {
      const reservationId = reply.reservationId;
      const keep = await this.transactions.run(async (unit) => {
        const current = (await TicketsRepository.find(unit, ticketId, true))!;
        const wanted = !isFinal(current.status);
        await unit.query(
          `INSERT INTO repairs.ticket_reservations (reservation_id, ticket_id, request_id, sku, location_code, quantity, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [reservationId, ticketId, requestId, input.sku, current.repair_center_code, input.quantity, wanted ? 'reserved' : 'releasing'],
        );
        await unit.query(`UPDATE repairs.part_requests SET status = 'reserved', updated_at = now() WHERE request_id = $1`, [requestId]);
        return wanted;
      });
      if (!keep) {
        await this.tickets.afterMove(ticketId, { releases: true });
        throw new Conflict('ticket_closed', `ticket ${ticketId} was closed while the part was being reserved; the reservation is released`);
      }
      return new HttpOutcome(201, { status: 'reserved', reservationId, sku: input.sku, quantity: input.quantity });
    }
    const effects = await this.transactions.run(async (unit) => {
      const current = await this.lockOpenForParts(unit, ticketId);
      await unit.query(`UPDATE repairs.part_requests SET status = 'short', updated_at = now() WHERE request_id = $1`, [requestId]);
      return this.enqueueInUnit(unit, current, input, randomUUID());
    });
    return this.awaiting(ticketId, effects);
  }

  private async awaiting(ticketId: string, effects: MoveEffects & { sku: string; locationCode: string }): Promise<PartOutcome> {
    await this.tickets.afterMove(ticketId, effects);
    // Stock may be there already (e.g. the shortage was partial): let the queue try at once, without waiting for it.
    void this.queue.wake(effects.sku, effects.locationCode);
    const missing = await TicketsRepository.missing(this.dataSource, ticketId);
    return new HttpOutcome(202, { status: 'awaiting_parts', missing });
  }

  private async lockOpenForParts(unit: Parameters<TicketsService['moveInUnit']>[0], ticketId: string): Promise<TicketRow> {
    const ticket = await TicketsRepository.find(unit, ticketId, true);
    if (!ticket) throw new NotFound('ticket', ticketId);
    if (!PARTS_STATUSES.includes(ticket.status)) {
      throw new Conflict('ticket_not_accepting_parts', `ticket ${ticketId} is ${ticket.status}; parts can be requested while ${PARTS_STATUSES.join(', ')}`, {
        status: ticket.status, allowed: PARTS_STATUSES,
      });
    }
    return ticket;
  }

  private async enqueueInUnit(
    unit: Parameters<TicketsService['moveInUnit']>[0],
    ticket: TicketRow,
    input: RequestPartDto,
    lineId: string,
  ): Promise<MoveEffects & { sku: string; locationCode: string }> {
    await TicketsRepository.enqueue(unit, lineId, ticket.id, input.sku, ticket.repair_center_code, input.quantity);
    let effects: MoveEffects = { releases: false };
    const path = shortestPath(ticket.status, 'awaiting_parts') ?? [];
    let current = ticket;
    for (const step of path) {
      const note = step === 'awaiting_parts' ? `waiting for ${input.quantity} x ${input.sku}` : `moved on: ${input.sku} requested`;
      effects = await this.tickets.moveInUnit(unit, current, step, note, currentActor());
      current = { ...current, status: step };
    }
    if (path.length === 0) await this.impact.refresh(unit, [ticket.id]);
    return { ...effects, sku: input.sku, locationCode: ticket.repair_center_code };
  }

  private async setRequestStatus(requestId: string, status: string): Promise<void> {
    await this.dataSource.query(`UPDATE repairs.part_requests SET status = $2, updated_at = now() WHERE request_id = $1`, [requestId, status]);
  }

  /**
   * Consumes a reserved part into the machine and records the hashboard genealogy: the serials
   * inventory consumed (serialIn, or those it picked when none was named) installed, serialOut removed.
   */
  async consume(ticketId: string, reservationId: string, input: ConsumePartDto): Promise<PartConsumedDto> {
    const rows: Array<{ sku: string; quantity: number; status: string; machine_serial: string; ticket_status: TicketStatus }> =
      await this.dataSource.query(
        `SELECT r.sku, r.quantity, r.status, t.machine_serial, t.status AS ticket_status FROM repairs.ticket_reservations r
           JOIN repairs.tickets t ON t.id = r.ticket_id WHERE r.reservation_id = $1 AND r.ticket_id = $2`,
        [reservationId, ticketId],
      );
    const reservation = rows[0];
    if (!reservation) {
      const ticket = await TicketsRepository.find(this.dataSource, ticketId);
      throw ticket ? new NotFound('reservation', reservationId) : new NotFound('ticket', ticketId);
    }
    if (reservation.status !== 'reserved') {
      throw new Conflict('reservation_not_reserved', `reservation ${reservationId} is ${reservation.status}, not reserved`);
    }
    if (isFinal(reservation.ticket_status)) throw new Conflict('ticket_closed', `ticket ${ticketId} is ${reservation.ticket_status}`);
    const consumed = await this.requests.request(InventoryRequests.consume, { reservationId, ...(input.serialIn ? { serial: input.serialIn } : {}) });
    const serialsIn = consumed.serials ?? [];
    await this.transactions.run(async (unit) => {
      const consumedNow: unknown[] = await unit.query(
        `UPDATE repairs.ticket_reservations SET status = 'consumed', updated_at = now()
          WHERE reservation_id = $1 AND status <> 'consumed' RETURNING reservation_id`,
        [reservationId],
      );
      // Kept on the ticket for reports (no fault found: returned without consuming a part).
      if (consumedNow.length > 0) await unit.query(`UPDATE repairs.tickets SET parts_consumed = parts_consumed + 1 WHERE id = $1`, [ticketId]);
      if (input.serialOut) {
        const removed: unknown[] = await unit.query(
          `UPDATE repairs.machine_components SET removed_at = now() WHERE machine_serial = $1 AND component_serial = $2 AND removed_at IS NULL
           RETURNING id`,
          [reservation.machine_serial, input.serialOut],
        );
        if (removed.length === 0) {
          await unit.query(
            `INSERT INTO repairs.machine_components (machine_serial, sku, component_serial, installed_at, removed_at, ticket_id)
             VALUES ($1, NULL, $2, NULL, now(), $3)`,
            [reservation.machine_serial, input.serialOut, ticketId],
          );
        }
      }
      if (serialsIn.length > 0) {
        await unit.query(
          `INSERT INTO repairs.machine_components (machine_serial, sku, component_serial, installed_at, ticket_id)
           SELECT $1, $2, serial, now(), $4 FROM unnest($3::text[]) AS serial`,
          [reservation.machine_serial, reservation.sku, serialsIn, ticketId],
        );
      }
    });
    return {
      reservationId, status: 'consumed', sku: reservation.sku, quantity: reservation.quantity,
      serialIn: serialsIn[0] ?? null, serialsIn, serialOut: input.serialOut ?? null,
    };
  }
}
