/**
 * Raw `pg` baselines: the SQL a service runs for one request, statement for statement, from a plain
 * connection (search_path set to the service's schema, as the service's pool has it). A bench
 * compares the REST path with these to see what HTTP, auth, validation, Nest and TypeORM cost.
 * Plain Node and pg only (they run in the load worker): no aliases, no service code beyond the
 * import-free SQL modules the services share with them (shipments' select-columns.ts, repairs'
 * idle-impact.sql.ts).
 *
 * Each baseline gets its client's input and how many transactions that client ran before (`n`),
 * and answers whether the transaction did what the REST call would have (false counts as a failure).
 */
import { randomUUID } from 'node:crypto';
import type { ClientBase as Client } from 'pg';
import { LOCK_TICKETS_WITH_HOLD_FLAG, MOVE_IDLE_COUNT, STORE_TICKET_IMPACT } from '../../apps/repairs/src/fleet/idle-impact.sql';
import { EVENT_COLUMNS, LINE_COLUMNS, SETTINGS_COLUMNS, SHIPMENT_COLUMNS } from '../../apps/shipments/src/database/select-columns';

export interface BaselineState<TInput = unknown> {
  input: TInput;
  n: number;
}

type Baseline = (client: Client, state: BaselineState<any>) => Promise<boolean>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function inTransaction(client: Client, work: () => Promise<boolean>): Promise<boolean> {
  await client.query('BEGIN');
  try {
    const done = await work();
    await client.query(done ? 'COMMIT' : 'ROLLBACK');
    return done;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function envelope(type: string, data: object) {
  return { id: randomUUID(), type, occurredAt: new Date().toISOString(), version: 1, data };
}

async function emit(client: Client, type: string, data: object): Promise<void> {
  const event = envelope(type, data);
  await client.query(`INSERT INTO outbox (id, subject, envelope) VALUES ($1, $2, $3)`, [event.id, event.type, JSON.stringify(event)]);
}

export interface TicketBaselineInput {
  /** The client's n-th ticket is for machine `${serialPrefix}${n}` (registered, without an open ticket). */
  serialPrefix: string;
  repairCenterCode: string;
  component: string;
}

/**
 * POST /tickets (apps/repairs/src/tickets/tickets.service.ts `create`): the location check, the
 * transaction (machine locked, open-ticket check, ticket, history, machine, IdleImpact.refresh with
 * its idle_counts upsert, outbox) and the read-back of the ticket the route answers.
 */
async function repairsTicket(client: Client, { input, n }: BaselineState<TicketBaselineInput>): Promise<boolean> {
  const serial = `${input.serialPrefix}${n}`;
  const known = await client.query(`SELECT 1 FROM repairs.known_locations WHERE code = $1`, [input.repairCenterCode]);
  if (known.rowCount === 0) return false;
  const id = randomUUID();
  const created = await inTransaction(client, async () => {
    const machines = await client.query(
      `SELECT serial, site_code, model, hashrate_ths, scrapped FROM repairs.machines WHERE serial = $1 FOR UPDATE`,
      [serial],
    );
    const machine = machines.rows[0] as { serial: string; site_code: string; model: string; hashrate_ths: number; scrapped: boolean } | undefined;
    if (!machine || machine.scrapped) return false;
    const open = await client.query(
      `SELECT id, status FROM repairs.tickets WHERE machine_serial = $1 AND status NOT IN ('returned', 'scrapped', 'cancelled')`,
      [serial],
    );
    if (open.rowCount) return false;
    await client.query(
      `INSERT INTO repairs.tickets (id, machine_serial, site_code, model, hashrate_ths, component, fault_code, repair_center_code,
         notes, degraded, remaining_hashrate_fraction, rma_number, claim_reason, vendor_fault_code, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [id, machine.serial, machine.site_code, machine.model, machine.hashrate_ths, input.component, null, input.repairCenterCode,
        null, false, null, null, null, null, 'reported', 'bench'],
    );
    await client.query(
      `INSERT INTO repairs.ticket_history (ticket_id, from_status, to_status, actor, note) VALUES ($1, $2, $3, $4, $5)`,
      [id, null, 'reported', 'bench', null],
    );
    await client.query(`UPDATE repairs.machines SET current_ticket_id = $2 WHERE serial = $1`, [serial, id]);
    // IdleImpact.refresh: read the ticket with its hold flag, store its impact, move the counter.
    const impact = await client.query(LOCK_TICKETS_WITH_HOLD_FLAG, [[id]]);
    const row = impact.rows[0] as { machine_site_code: string; machine_model: string; machine_hashrate_ths: number };
    await client.query(STORE_TICKET_IMPACT, [id, 'awaiting_diagnosis', row.machine_hashrate_ths, row.machine_site_code, row.machine_model, row.machine_hashrate_ths]);
    await client.query(MOVE_IDLE_COUNT, [row.machine_site_code, row.machine_model, 'awaiting_diagnosis', 1, row.machine_hashrate_ths]);
    await emit(client, 'repairs.ticket.opened', {
      ticketId: id, machineSerial: serial, siteCode: machine.site_code, model: machine.model,
      component: input.component, repairCenterCode: input.repairCenterCode, status: 'reported',
    });
    return true;
  });
  if (!created) return false;
  // TicketsService.get: the ticket, then its history, reservations and missing parts.
  await client.query(`SELECT * FROM repairs.tickets WHERE id = $1`, [id]);
  await client.query(`SELECT from_status, to_status, at, actor, note FROM repairs.ticket_history WHERE ticket_id = $1 ORDER BY id`, [id]);
  await client.query(
    `SELECT reservation_id, sku, quantity, status FROM repairs.ticket_reservations WHERE ticket_id = $1 ORDER BY created_at, reservation_id`,
    [id],
  );
  await client.query(
    `SELECT sku, missing, waiting_since FROM repairs.waiting_parts WHERE ticket_id = $1 AND status = 'waiting' ORDER BY waiting_since, sequence`,
    [id],
  );
  return true;
}

/** The cycle of tracking events a bench client posts to its own shipment (at port), each later than the last. */
export const TRACKING_CYCLE = [
  { type: 'customs_hold', holdReason: 'inspection' },
  { type: 'customs_released' },
  { type: 'exception', note: 'container re-stacked' },
] as const;

export interface TrackingBaselineInput {
  shipmentId: string;
  /** The n-th event is TRACKING_CYCLE[n % 3] at fromMs + n seconds. */
  fromMs: number;
}

/**
 * POST /shipments/{id}/events (apps/shipments/src/shipments/tracking.service.ts `recordIn`): shipment
 * locked, latest event, lines, the event, progress, re-read, the hold opened or released, the ETA
 * (settings; the service reads the delivered history once per EtaService refresh, not per event),
 * the outbox rows, and the final read.
 */
async function shipmentsTracking(client: Client, { input, n }: BaselineState<TrackingBaselineInput>): Promise<boolean> {
  const step = TRACKING_CYCLE[n % TRACKING_CYCLE.length];
  const at = new Date(input.fromMs + n * 1000);
  return inTransaction(client, async () => {
    const found = await client.query(`SELECT ${SHIPMENT_COLUMNS} FROM shipments s WHERE s.id = $1 FOR UPDATE`, [input.shipmentId]);
    const shipment = found.rows[0] as { id: string; reference: string; destinationCode: string; status: string; eta: Date | null } | undefined;
    if (!shipment) return false;
    const last = await client.query(`SELECT ${EVENT_COLUMNS} FROM tracking_events WHERE shipment_id = $1 ORDER BY seq DESC LIMIT 1`, [input.shipmentId]);
    const lastEvent = last.rows[0] as { seq: number; at: Date } | undefined;
    if (lastEvent && at < lastEvent.at) return false;
    const lines = await client.query(`SELECT ${LINE_COLUMNS} FROM shipment_lines WHERE shipment_id = ANY($1::uuid[]) ORDER BY shipment_id, line_no`, [
      [input.shipmentId],
    ]);
    const status = step.type === 'customs_hold' ? 'held' : step.type === 'customs_released' ? 'released' : shipment.status;
    const holdReason = step.type === 'customs_hold' ? step.holdReason : null;
    const note = step.type === 'exception' ? step.note : null;
    await client.query(
      `INSERT INTO tracking_events (id, shipment_id, seq, type, at, location, note, hold_reason, agency, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${EVENT_COLUMNS}`,
      [randomUUID(), input.shipmentId, (lastEvent?.seq ?? 0) + 1, step.type, at, null, note, holdReason, null, 'bench'],
    );
    await client.query(
      `UPDATE shipments SET status = $2, departed_at = COALESCE($3, departed_at), arrived_at = COALESCE($4, arrived_at),
         delivered_at = COALESCE($5, delivered_at), updated_at = now() WHERE id = $1`,
      [input.shipmentId, status, null, null, null],
    );
    await client.query(`SELECT ${SHIPMENT_COLUMNS} FROM shipments s WHERE s.id = $1`, [input.shipmentId]);
    const facts = {
      shipmentId: shipment.id, reference: shipment.reference, destinationCode: shipment.destinationCode,
      lines: (lines.rows as Array<{ sku: string; quantity: number }>).map((line) => ({ sku: line.sku, quantity: line.quantity })),
    };
    if (step.type === 'customs_hold') {
      const holdId = randomUUID();
      await client.query(
        `INSERT INTO customs_holds (id, shipment_id, reason, agency, note, location, port_of_entry, bonded, daily_storage_rate_usd,
           free_storage_days, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [holdId, input.shipmentId, holdReason, null, null, null, null, false, null, 0, at],
      );
      await emit(client, 'shipments.customs_hold.opened', { ...facts, holdId, reason: holdReason, openedAt: at.toISOString() });
    } else if (step.type === 'customs_released') {
      const released = await client.query(
        `UPDATE customs_holds SET released_at = $2 WHERE shipment_id = $1 AND released_at IS NULL RETURNING id`,
        [input.shipmentId, at],
      );
      const holdId = (released.rows[0] as { id: string } | undefined)?.id;
      if (holdId) await emit(client, 'shipments.customs_hold.released', { ...facts, holdId, releasedAt: at.toISOString() });
    }
    const settings = await client.query(`SELECT ${SETTINGS_COLUMNS} FROM settings WHERE id = 1`);
    const transitDays = (settings.rows[0] as { defaultTransitDays: number }).defaultTransitDays;
    const eta = new Date(at.getTime() + transitDays * 86_400_000);
    await client.query(`UPDATE shipments SET eta = $2, eta_basis = $3 WHERE id = $1`, [
      input.shipmentId, eta, JSON.stringify({ source: 'default', transitSampleSize: 0, transitDays, expectedDwellDays: 0 }),
    ]);
    await emit(client, 'shipments.shipment.status_changed', { ...facts, status, at: at.toISOString(), eta: eta.toISOString() });
    await client.query(`SELECT ${SHIPMENT_COLUMNS} FROM shipments s WHERE s.id = $1`, [input.shipmentId]);
    return true;
  });
}

export const BASELINES = {
  'repairs.ticket': repairsTicket as Baseline,
  'shipments.tracking': shipmentsTracking as Baseline,
} satisfies Record<string, Baseline>;

export type BaselineName = keyof typeof BASELINES;
