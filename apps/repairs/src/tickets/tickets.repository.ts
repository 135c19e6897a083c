import {
  IllegalTransition, isFinal, isOpen, RE_FAILURE_WINDOW_DAYS, replayHistory, secondsInStatuses, TICKET_STATUSES, type TicketHistoryEntry, type TicketStatus,
} from './ticket.rules';

/** Anything that runs SQL: a UnitOfWork inside a transaction, or the DataSource for reads. */
export interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TicketRow {
  id: string;
  machine_serial: string;
  site_code: string;
  model: string;
  hashrate_ths: number;
  component: string;
  fault_code: string | null;
  repair_center_code: string;
  notes: string | null;
  degraded: boolean;
  remaining_hashrate_fraction: number | null;
  rma_number: string | null;
  claim_reason: string | null;
  vendor_fault_code: string | null;
  status: TicketStatus;
  impact_key: string | null;
  harvested_at: Date | null;
  /** The machine's previous ticket, if this one opened within the re-failure window after its return. */
  repeat_of: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface WaitingLineRow {
  id: string;
  ticket_id: string;
  sku: string;
  location_code: string;
  missing: number;
  waiting_since: Date;
  sequence: string;
  status: 'waiting' | 'served' | 'cancelled';
  pending_request_id: string | null;
  pending_quantity: number | null;
}

/** The column holding the seconds a ticket spent in `status`, which only an open status has. */
export function secondsInStatusColumn(status: TicketStatus): string {
  if (!isOpen(status)) throw new Error(`a ticket never leaves ${status}`);
  return `seconds_${status}`;
}

/** A ticket that ran its whole course before it was recorded (the demo's past quarter): its timeline at once. */
export interface PastTicket {
  id: string;
  machine: { serial: string; siteCode: string; model: string; hashrateThs: number };
  component: string;
  faultCode: string | null;
  repairCenterCode: string;
  /** From `reported` to a final status, each move a legal one. */
  history: readonly TicketHistoryEntry[];
  partsConsumed: number;
  actor: string;
}

export const TicketsRepository = {
  /**
   * Writes a past ticket as its moves would have left it: the row with the time in each status, its
   * history, the re-failure of the machine's previous repair if this came within the window, and the
   * machine's latest return. A machine's past tickets must come in the order they were opened, and
   * before projections have counted their days (ticket_days: counted days never change), as the
   * demo's first start does.
   */
  async insertPast(sql: Sql, ticket: PastTicket): Promise<void> {
    const end = replayHistory(ticket.history);
    if (end instanceof IllegalTransition || !isFinal(end)) throw new Error(`past ticket ${ticket.id} must run from reported to a final status`);
    const opened = ticket.history[0].at;
    const closed = ticket.history[ticket.history.length - 1].at;
    const seconds = secondsInStatuses(ticket.history);
    const leftStatuses = TICKET_STATUSES.filter(isOpen);
    // As a cancellation takes a re-failure back (TicketsService.moveInUnit), a cancelled past ticket never marks one.
    const repeated: Array<{ id: string }> = end === 'cancelled' ? [] : await sql.query(
      `UPDATE repairs.tickets t SET came_back_at = $2 FROM repairs.machines m
        WHERE m.serial = $1 AND t.id = m.last_returned_ticket_id AND t.came_back_at IS NULL
          AND m.last_returned_at <= $2 AND m.last_returned_at >= $2::timestamptz - make_interval(days => $3)
       RETURNING t.id`,
      [ticket.machine.serial, opened, RE_FAILURE_WINDOW_DAYS],
    );
    await sql.query(
      `INSERT INTO repairs.tickets (id, machine_serial, site_code, model, hashrate_ths, component, fault_code, repair_center_code,
         status, created_at, updated_at, status_since, returned_at, parts_consumed, created_by, repeat_of,
         ${leftStatuses.map(secondsInStatusColumn).join(', ')})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15, ${leftStatuses.map((_, i) => `$${16 + i}`).join(', ')})`,
      [ticket.id, ticket.machine.serial, ticket.machine.siteCode, ticket.machine.model, ticket.machine.hashrateThs, ticket.component,
        ticket.faultCode, ticket.repairCenterCode, end, opened, closed, end === 'returned' ? closed : null, ticket.partsConsumed,
        ticket.actor, repeated[0]?.id ?? null, ...leftStatuses.map((status) => seconds[status] ?? 0)],
    );
    await sql.query(
      `INSERT INTO repairs.ticket_history (ticket_id, from_status, to_status, at, actor)
       SELECT $1, from_status, to_status, at, $5 FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS h(from_status, to_status, at)`,
      [ticket.id, ticket.history.map((entry, i) => (i === 0 ? null : ticket.history[i - 1].status)), ticket.history.map((entry) => entry.status),
        ticket.history.map((entry) => entry.at), ticket.actor],
    );
    if (end === 'returned') {
      await sql.query(`UPDATE repairs.machines SET last_returned_ticket_id = $2, last_returned_at = $3 WHERE serial = $1`, [ticket.machine.serial, ticket.id, closed]);
    }
  },

  /**
   * Moves an open ticket's whole record up to `seconds` back in time, as if it had been opened then
   * (the demo's open tickets, made through the service at its first start, have been open for a while):
   * its opening, every move, its queue places and the re-failure it marked. Never to before the
   * machine's previous ticket closed. The times between its moves do not change, so what the moves
   * kept on the ticket still equals its history; the status it is in has lasted longer. A ticket that
   * was not a re-failure does not move into the re-failure window of the machine's last return.
   */
  async backdateOpen(sql: Sql, ticketId: string, seconds: number): Promise<void> {
    const shifted: Array<{ repeat_of: string | null; shift: string }> = await sql.query(
      `WITH previous AS (
         SELECT greatest(max(p.status_since),
                         max(m.last_returned_at + make_interval(days => $3)) FILTER (WHERE t.repeat_of IS NULL)) AS closed
           FROM repairs.tickets t JOIN repairs.machines m ON m.serial = t.machine_serial
           LEFT JOIN repairs.tickets p ON p.machine_serial = t.machine_serial AND p.id <> t.id
          WHERE t.id = $1
       )
       UPDATE repairs.tickets t
          SET created_at = t.created_at - s.shift, status_since = t.status_since - s.shift, updated_at = t.updated_at - s.shift
         FROM (SELECT make_interval(secs => least($2::double precision,
                        greatest(0, coalesce(date_part('epoch', t0.created_at - previous.closed) - 60, $2::double precision)))) AS shift
                 FROM repairs.tickets t0, previous WHERE t0.id = $1) AS s
        WHERE t.id = $1 AND t.status NOT IN ('returned', 'scrapped', 'cancelled')
       RETURNING t.repeat_of, s.shift::text AS shift`,
      [ticketId, seconds, RE_FAILURE_WINDOW_DAYS],
    );
    if (shifted.length === 0) return;
    const [{ repeat_of: repeatOf, shift }] = shifted;
    await sql.query(`UPDATE repairs.ticket_history SET at = at - $2::interval WHERE ticket_id = $1`, [ticketId, shift]);
    await sql.query(`UPDATE repairs.waiting_parts SET waiting_since = waiting_since - $2::interval WHERE ticket_id = $1`, [ticketId, shift]);
    if (repeatOf) await sql.query(`UPDATE repairs.tickets SET came_back_at = came_back_at - $2::interval WHERE id = $1`, [repeatOf, shift]);
  },

  async find(sql: Sql, id: string, lock = false): Promise<TicketRow | undefined> {
    const rows: TicketRow[] = await sql.query(`SELECT * FROM repairs.tickets WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0];
  },

  async addHistory(sql: Sql, ticketId: string, from: TicketStatus | null, to: TicketStatus, actor: string, note: string | null): Promise<void> {
    await sql.query(
      `INSERT INTO repairs.ticket_history (ticket_id, from_status, to_status, actor, note) VALUES ($1, $2, $3, $4, $5)`,
      [ticketId, from, to, actor, note],
    );
  },

  async missing(sql: Sql, ticketId: string): Promise<Array<{ sku: string; quantity: number; waitingSince: string }>> {
    const rows: Array<{ sku: string; missing: number; waiting_since: Date }> = await sql.query(
      `SELECT sku, missing, waiting_since FROM repairs.waiting_parts WHERE ticket_id = $1 AND status = 'waiting'
        ORDER BY waiting_since, sequence`,
      [ticketId],
    );
    return rows.map((row) => ({ sku: row.sku, quantity: row.missing, waitingSince: row.waiting_since.toISOString() }));
  },

  async enqueue(sql: Sql, id: string, ticketId: string, sku: string, locationCode: string, quantity: number): Promise<void> {
    await sql.query(
      `INSERT INTO repairs.waiting_parts (id, ticket_id, sku, location_code, missing, status) VALUES ($1, $2, $3, $4, $5, 'waiting')`,
      [id, ticketId, sku, locationCode, quantity],
    );
  },

  async hasWaiters(sql: Sql, sku: string, locationCode: string): Promise<boolean> {
    const rows: unknown[] = await sql.query(
      `SELECT 1 FROM repairs.waiting_parts WHERE sku = $1 AND location_code = $2 AND status = 'waiting' LIMIT 1`,
      [sku, locationCode],
    );
    return rows.length > 0;
  },
};
