import { createKnownLocationsTable, createPlatformTables } from '@app/common';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class RepairsInitial1732400000000 implements MigrationInterface {
  name = 'RepairsInitial1732400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createPlatformTables(queryRunner, 'repairs');
    await createKnownLocationsTable(queryRunner, 'repairs');
    await queryRunner.query(`
      CREATE TABLE repairs.machines (
        serial text PRIMARY KEY,
        model text NOT NULL,
        maker text,
        site_code text NOT NULL,
        hashrate_ths double precision NOT NULL,
        power_w integer NOT NULL,
        scrapped boolean NOT NULL DEFAULT false,
        current_ticket_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX machines_site_model_idx ON repairs.machines (site_code, model, serial)`);
    await queryRunner.query(`CREATE INDEX machines_model_idx ON repairs.machines (model, serial)`);
    // Registered machines per (site, model): kept by the same statement that writes machines, read by /fleet/idle.
    await queryRunner.query(`
      CREATE TABLE repairs.machines_by_site_model (
        site_code text NOT NULL,
        model text NOT NULL,
        machines integer NOT NULL DEFAULT 0,
        PRIMARY KEY (site_code, model)
      )`);
    // Hashboard genealogy: which serialized part sits in which machine, and since when.
    await queryRunner.query(`
      CREATE TABLE repairs.machine_components (
        id bigserial PRIMARY KEY,
        machine_serial text NOT NULL REFERENCES repairs.machines(serial),
        sku text,
        component_serial text NOT NULL,
        installed_at timestamptz,
        removed_at timestamptz,
        ticket_id uuid
      )`);
    await queryRunner.query(`CREATE INDEX machine_components_machine_idx ON repairs.machine_components (machine_serial, id)`);
    await queryRunner.query(`
      CREATE TABLE repairs.tickets (
        id uuid PRIMARY KEY,
        machine_serial text NOT NULL REFERENCES repairs.machines(serial),
        site_code text NOT NULL,
        model text NOT NULL,
        hashrate_ths double precision NOT NULL,
        component text NOT NULL,
        fault_code text,
        repair_center_code text NOT NULL,
        notes text,
        degraded boolean NOT NULL DEFAULT false,
        remaining_hashrate_fraction double precision,
        rma_number text,
        claim_reason text,
        vendor_fault_code text,
        status text NOT NULL,
        impact_key text,
        impact_lost_ths double precision NOT NULL DEFAULT 0,
        harvested_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`);
    // At most one open ticket per machine, whatever the races.
    await queryRunner.query(`
      CREATE UNIQUE INDEX tickets_one_open_per_machine ON repairs.tickets (machine_serial)
      WHERE status NOT IN ('returned', 'scrapped', 'cancelled')`);
    await queryRunner.query(`CREATE INDEX tickets_created_idx ON repairs.tickets (created_at, id)`);
    await queryRunner.query(`CREATE INDEX tickets_status_idx ON repairs.tickets (status, created_at, id)`);
    await queryRunner.query(`
      CREATE TABLE repairs.ticket_history (
        id bigserial PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES repairs.tickets(id),
        from_status text,
        to_status text NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor text NOT NULL,
        note text
      )`);
    await queryRunner.query(`CREATE INDEX ticket_history_ticket_idx ON repairs.ticket_history (ticket_id, id)`);
    // Every reserve we send is recorded first, so a lost reply can be reconciled (see parts-reconciler).
    await queryRunner.query(`
      CREATE TABLE repairs.part_requests (
        request_id uuid PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES repairs.tickets(id),
        sku text NOT NULL,
        location_code text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        status text NOT NULL CHECK (status IN ('sent', 'reserved', 'short', 'unanswered', 'reconciled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX part_requests_unanswered_idx ON repairs.part_requests (updated_at) WHERE status IN ('sent', 'unanswered')`);
    await queryRunner.query(`
      CREATE TABLE repairs.ticket_reservations (
        reservation_id uuid PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES repairs.tickets(id),
        request_id uuid NOT NULL UNIQUE,
        sku text NOT NULL,
        location_code text NOT NULL,
        quantity integer NOT NULL,
        status text NOT NULL CHECK (status IN ('reserved', 'consumed', 'releasing', 'released')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ticket_reservations_ticket_idx ON repairs.ticket_reservations (ticket_id)`);
    await queryRunner.query(`CREATE INDEX ticket_reservations_releasing_idx ON repairs.ticket_reservations (updated_at) WHERE status = 'releasing'`);
    // The waiting queue per (sku, repair center): FIFO by waiting_since then sequence. A line's
    // pending_request_id is stored before each reserve, so a retried reserve can never reserve twice.
    await queryRunner.query(`
      CREATE TABLE repairs.waiting_parts (
        id uuid PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES repairs.tickets(id),
        sku text NOT NULL,
        location_code text NOT NULL,
        missing integer NOT NULL CHECK (missing >= 0),
        waiting_since timestamptz NOT NULL DEFAULT clock_timestamp(),
        sequence bigserial NOT NULL,
        status text NOT NULL CHECK (status IN ('waiting', 'served', 'cancelled')),
        pending_request_id uuid,
        pending_quantity integer,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX waiting_parts_queue_idx ON repairs.waiting_parts (sku, location_code, waiting_since, sequence) WHERE status = 'waiting'`);
    await queryRunner.query(`CREATE INDEX waiting_parts_ticket_idx ON repairs.waiting_parts (ticket_id)`);
    // Idle machines and lost hashrate per (site, model, reason); 'degraded' is kept as its own key.
    // One row per key, moved by deltas in the ticket's own transaction: no single hot row.
    await queryRunner.query(`
      CREATE TABLE repairs.idle_counts (
        site_code text NOT NULL,
        model text NOT NULL,
        reason text NOT NULL,
        machines integer NOT NULL DEFAULT 0,
        lost_hashrate_ths double precision NOT NULL DEFAULT 0,
        PRIMARY KEY (site_code, model, reason)
      )`);
    // Active customs holds, from the shipments service's events.
    await queryRunner.query(`
      CREATE TABLE repairs.active_holds (
        hold_id uuid PRIMARY KEY,
        shipment_id uuid NOT NULL,
        reference text NOT NULL,
        destination_code text NOT NULL,
        reason text NOT NULL,
        skus text[] NOT NULL,
        lines jsonb NOT NULL,
        opened_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX active_holds_shipment_idx ON repairs.active_holds (shipment_id)`);
    // A hold released before its opening arrived (events can cross): remembered so the late opening is ignored.
    await queryRunner.query(`CREATE TABLE repairs.closed_holds (hold_id uuid PRIMARY KEY, closed_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE repairs.delivered_shipments (shipment_id uuid PRIMARY KEY, delivered_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA repairs CASCADE`);
  }
}
