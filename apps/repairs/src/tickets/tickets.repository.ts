import { isOpen, type TicketStatus } from './ticket.rules';

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

export const TicketsRepository = {
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
