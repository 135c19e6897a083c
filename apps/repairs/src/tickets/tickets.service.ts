import {
  Conflict, currentActor, decodeCursor, InvalidInput, KnownLocations, NotFound, Page, pageLimit, RepairEvents, type SkuQuantity, toPage,
  Transactions, UnitOfWork,
} from '@app/common';
import { lineSerialProblems, MS_PER_DAY } from '@app/common/domain';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdleImpact } from '../fleet/idle-impact';
import { IdleNotifier } from '../fleet/idle-notifier';
import { ReservationReleaser } from './reservation-releaser';
import { CreateTicketDto, TicketDetailDto, TicketDto, TicketQuery, TransitionDto } from './ticket.dto';
import { allowedMoves, IllegalTransition, INITIAL_TICKET_STATUS, isFinal, RE_FAILURE_WINDOW_DAYS, transition, TicketStatus } from './ticket.rules';
import { secondsInStatusColumn, TicketRow, TicketsRepository } from './tickets.repository';

export function toTicketDto(row: TicketRow): TicketDto {
  return {
    id: row.id,
    machineSerial: row.machine_serial,
    siteCode: row.site_code,
    model: row.model,
    component: row.component,
    faultCode: row.fault_code,
    repairCenterCode: row.repair_center_code,
    notes: row.notes,
    degraded: row.degraded,
    remainingHashrateFraction: row.remaining_hashrate_fraction,
    rmaNumber: row.rma_number,
    claimReason: row.claim_reason,
    vendorFaultCode: row.vendor_fault_code,
    status: row.status,
    allowedMoves: [...allowedMoves(row.status)],
    idleReason: row.impact_key,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What a move did that must be followed up once its transaction has committed. */
export interface MoveEffects {
  releases: boolean;
}

@Injectable()
export class TicketsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
    private readonly locations: KnownLocations,
    private readonly impact: IdleImpact,
    private readonly notifier: IdleNotifier,
    private readonly releaser: ReservationReleaser,
  ) {}

  async create(input: CreateTicketDto): Promise<TicketDetailDto> {
    await this.locations.requireKnown(input.repairCenterCode, 'repairCenterCode');
    const id = randomUUID();
    const degraded = input.degraded ?? input.remainingHashrateFraction !== undefined;
    await this.transactions.run(async (unit) => {
      const machines: Array<{
        serial: string; site_code: string; model: string; hashrate_ths: number; scrapped: boolean;
        last_returned_ticket_id: string | null; last_returned_at: Date | null;
      }> = await unit.query(
        `SELECT serial, site_code, model, hashrate_ths, scrapped, last_returned_ticket_id, last_returned_at
           FROM repairs.machines WHERE serial = $1 FOR UPDATE`,
        [input.machineSerial],
      );
      const machine = machines[0];
      if (!machine) throw new NotFound('machine', input.machineSerial);
      if (machine.scrapped) throw new Conflict('machine_scrapped', `machine ${machine.serial} was scrapped`);
      const open: Array<{ id: string; status: string }> = await unit.query(
        `SELECT id, status FROM repairs.tickets WHERE machine_serial = $1 AND status NOT IN ('returned', 'scrapped', 'cancelled')`,
        [machine.serial],
      );
      if (open.length) {
        throw new Conflict('open_ticket_exists', `machine ${machine.serial} already has open ticket ${open[0].id} (${open[0].status})`, {
          openTicketId: open[0].id,
        });
      }
      let repeatOf: string | null = null;
      if (machine.last_returned_ticket_id && machine.last_returned_at && Date.now() - machine.last_returned_at.getTime() <= (RE_FAILURE_WINDOW_DAYS + 1) * MS_PER_DAY) {
        // Back soon after its last repair: a re-failure of that repair (the database's clock decides the window's edge).
        const repeated: Array<{ id: string }> = await unit.query(
          `UPDATE repairs.tickets SET came_back_at = now()
            WHERE id = $1 AND came_back_at IS NULL AND returned_at >= now() - make_interval(days => $2) RETURNING id`,
          [machine.last_returned_ticket_id, RE_FAILURE_WINDOW_DAYS],
        );
        repeatOf = repeated[0]?.id ?? null;
      }
      await unit.query(
        `INSERT INTO repairs.tickets (id, machine_serial, site_code, model, hashrate_ths, component, fault_code, repair_center_code,
           notes, degraded, remaining_hashrate_fraction, rma_number, claim_reason, vendor_fault_code, status, created_by, repeat_of)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [id, machine.serial, machine.site_code, machine.model, machine.hashrate_ths, input.component, input.faultCode ?? null,
          input.repairCenterCode, input.notes ?? null, degraded, input.remainingHashrateFraction ?? null, input.rmaNumber ?? null,
          input.claimReason ?? null, input.vendorFaultCode ?? null, INITIAL_TICKET_STATUS, currentActor(), repeatOf],
      );
      await TicketsRepository.addHistory(unit, id, null, INITIAL_TICKET_STATUS, currentActor(), input.notes ?? null);
      await unit.query(`UPDATE repairs.machines SET current_ticket_id = $2 WHERE serial = $1`, [machine.serial, id]);
      await this.impact.refresh(unit, [id]);
      await unit.emit(RepairEvents.ticketOpened, {
        ticketId: id, machineSerial: machine.serial, siteCode: machine.site_code, model: machine.model,
        component: input.component, repairCenterCode: input.repairCenterCode, status: 'reported',
      });
    });
    this.notifier.changed();
    return this.get(id);
  }

  async transition(id: string, input: TransitionDto): Promise<TicketDetailDto> {
    const effects = await this.transactions.run(async (unit) => {
      const ticket = await TicketsRepository.find(unit, id, true);
      if (!ticket) throw new NotFound('ticket', id);
      return this.moveInUnit(unit, ticket, input.to, input.note ?? null, currentActor());
    });
    await this.afterMove(id, effects);
    return this.get(id);
  }

  /**
   * A move inside the caller's transaction (the ticket row locked): history, event, waiting queues,
   * reservations marked for release, the machine and the idle counts. Call `afterMove` after commit.
   */
  async moveInUnit(unit: UnitOfWork, ticket: TicketRow, to: TicketStatus, note: string | null, actor: string): Promise<MoveEffects> {
    const next = transition(ticket.status, to);
    if (next instanceof IllegalTransition) throw next;
    if (next === 'cancelled' && ticket.repeat_of) {
      // Opened by mistake: the machine did not come back after all, unless another ticket says so later.
      await unit.query(
        `UPDATE repairs.tickets p SET came_back_at = NULL FROM repairs.tickets t
          WHERE t.id = $1 AND p.id = t.repeat_of AND p.came_back_at = t.created_at`,
        [ticket.id],
      );
    }
    // The time in the status left is added up here, so reports never need to read the history.
    const seconds = secondsInStatusColumn(ticket.status);
    await unit.query(
      `UPDATE repairs.tickets SET status = $2::text, updated_at = now(), status_since = now(),
         ${seconds} = ${seconds} + date_part('epoch', now() - status_since),
         returned_at = CASE WHEN $2::text = 'returned' THEN now() ELSE returned_at END,
         repeat_of = CASE WHEN $2::text = 'cancelled' THEN NULL ELSE repeat_of END WHERE id = $1`,
      [ticket.id, next],
    );
    await TicketsRepository.addHistory(unit, ticket.id, ticket.status, next, actor, note);
    let releases = false;
    if (next === 'cancelled' || next === 'scrapped') {
      // A line with a reserve in flight may get a reservation we no longer want: the reconciler releases it.
      await unit.query(
        `INSERT INTO repairs.part_requests (request_id, ticket_id, sku, location_code, quantity, status)
         SELECT pending_request_id, ticket_id, sku, location_code, pending_quantity, 'unanswered' FROM repairs.waiting_parts
          WHERE ticket_id = $1 AND status = 'waiting' AND pending_request_id IS NOT NULL
         ON CONFLICT (request_id) DO NOTHING`,
        [ticket.id],
      );
      await unit.query(
        `UPDATE repairs.waiting_parts SET status = 'cancelled', updated_at = now() WHERE ticket_id = $1 AND status = 'waiting'`,
        [ticket.id],
      );
      const marked: unknown[] = await unit.query(
        `UPDATE repairs.ticket_reservations SET status = 'releasing', updated_at = now()
          WHERE ticket_id = $1 AND status = 'reserved' RETURNING reservation_id`,
        [ticket.id],
      );
      releases = marked.length > 0;
    }
    if (isFinal(next)) {
      await unit.query(
        `UPDATE repairs.machines SET current_ticket_id = NULL, scrapped = $3, updated_at = now(),
           last_returned_ticket_id = CASE WHEN $4 THEN $2 ELSE last_returned_ticket_id END,
           last_returned_at = CASE WHEN $4 THEN now() ELSE last_returned_at END
          WHERE serial = $1 AND current_ticket_id = $2`,
        [ticket.machine_serial, ticket.id, next === 'scrapped', next === 'returned'],
      );
    }
    await this.impact.refresh(unit, [ticket.id]);
    await unit.emit(RepairEvents.ticketStatusChanged, {
      ticketId: ticket.id, machineSerial: ticket.machine_serial, repairCenterCode: ticket.repair_center_code,
      from: ticket.status, to: next, ...(note ? { note } : {}),
    });
    return { releases };
  }

  async afterMove(ticketId: string, effects: MoveEffects): Promise<void> {
    this.notifier.changed();
    // The sweep retries whatever fails here; the client's request does not wait on inventory.
    if (effects.releases) void this.releaser.releasePending(ticketId).catch(() => undefined);
  }

  async get(id: string): Promise<TicketDetailDto> {
    const ticket = await TicketsRepository.find(this.dataSource, id);
    if (!ticket) throw new NotFound('ticket', id);
    const [history, reservations, missing, repeated]: [
      Array<{ from_status: TicketStatus | null; to_status: TicketStatus; at: Date; actor: string; note: string | null }>,
      Array<{ reservation_id: string; sku: string; quantity: number; status: string }>,
      Awaited<ReturnType<typeof TicketsRepository.missing>>,
      Array<{ id: string; returned_at: Date }>,
    ] = await Promise.all([
      this.dataSource.query(`SELECT from_status, to_status, at, actor, note FROM repairs.ticket_history WHERE ticket_id = $1 ORDER BY id`, [id]),
      this.dataSource.query(
        `SELECT reservation_id, sku, quantity, status FROM repairs.ticket_reservations WHERE ticket_id = $1 ORDER BY created_at, reservation_id`,
        [id],
      ),
      TicketsRepository.missing(this.dataSource, id),
      ticket.repeat_of ? this.dataSource.query(`SELECT id, returned_at FROM repairs.tickets WHERE id = $1`, [ticket.repeat_of]) : [],
    ]);
    return {
      ...toTicketDto(ticket),
      repeatOf: repeated[0] ? { ticketId: repeated[0].id, returnedAt: repeated[0].returned_at.toISOString() } : null,
      history: history.map((entry) => ({ from: entry.from_status, to: entry.to_status, at: entry.at.toISOString(), by: entry.actor, note: entry.note })),
      reservations: reservations.map((r) => ({ reservationId: r.reservation_id, sku: r.sku, quantity: r.quantity, status: r.status })),
      missing,
    };
  }

  async list(query: TicketQuery): Promise<Page<TicketDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, 2);
    const where: string[] = [];
    const parameters: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      let text = sql;
      for (const value of values) {
        parameters.push(value);
        text = text.replace('?', `$${parameters.length}`);
      }
      where.push(text);
    };
    if (after) add('(created_at, id) > (?::timestamptz, ?::uuid)', String(after[0]), String(after[1]));
    if (query.machineSerial) add('machine_serial = ?', query.machineSerial);
    if (query.status) add('status = ?', query.status);
    if (query.repairCenterCode) add('repair_center_code = ?', query.repairCenterCode);
    if (query.siteCode) add('site_code = ?', query.siteCode);
    if (query.component) add('component = ?', query.component);
    if (query.olderThanDays !== undefined) add(`created_at < now() - make_interval(days => ?)`, query.olderThanDays);
    parameters.push(limit + 1);
    // The cursor keeps created_at as PostgreSQL's own text, microseconds included (a JS Date would drop them).
    const rows: Array<TicketRow & { created_key: string }> = await this.dataSource.query(
      `SELECT *, created_at::text AS created_key FROM repairs.tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at, id LIMIT $${parameters.length}`,
      parameters,
    );
    return toPage(rows, limit, (row) => [row.created_key, row.id], toTicketDto);
  }

  /** Working parts of a scrapped machine into stock; named serials leave the machine's components. */
  async harvest(id: string, lines: SkuQuantity[]): Promise<{ ticketId: string; locationCode: string; lines: SkuQuantity[] }> {
    const problems = lineSerialProblems(lines);
    if (problems.length > 0) throw new InvalidInput(problems);
    return this.transactions.run(async (unit) => {
      const ticket = await TicketsRepository.find(unit, id, true);
      if (!ticket) throw new NotFound('ticket', id);
      if (ticket.status !== 'scrapped') {
        throw new Conflict('not_scrapped', `only a scrapped ticket's machine can be harvested; ticket ${id} is ${ticket.status}`);
      }
      if (ticket.harvested_at) throw new Conflict('already_harvested', `ticket ${id} was harvested at ${ticket.harvested_at.toISOString()}`);
      await unit.query(`UPDATE repairs.tickets SET harvested_at = now() WHERE id = $1`, [id]);
      const serials = lines.flatMap((line) => line.serials ?? []);
      if (serials.length > 0) {
        await unit.query(
          `UPDATE repairs.machine_components SET removed_at = now() WHERE machine_serial = $1 AND component_serial = ANY($2) AND removed_at IS NULL`,
          [ticket.machine_serial, serials],
        );
      }
      await unit.emit(RepairEvents.partsHarvested, {
        ticketId: id, machineSerial: ticket.machine_serial, locationCode: ticket.repair_center_code, lines,
      });
      return { ticketId: id, locationCode: ticket.repair_center_code, lines };
    });
  }
}
