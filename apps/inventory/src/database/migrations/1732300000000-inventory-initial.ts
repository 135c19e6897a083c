import { createPlatformTables } from '@app/common';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class InventoryInitial1732300000000 implements MigrationInterface {
  name = 'InventoryInitial1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createPlatformTables(queryRunner, 'inventory');
    await queryRunner.query(`
      CREATE TABLE inventory.locations (
        code text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL,
        region text,
        daily_storage_rate_usd numeric(14,2),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO inventory.locations (code, name, kind, region, created_by) VALUES
        ('AR-REPAIR', 'Arkansas repair center', 'repair_center', 'US-AR', 'install'),
        ('ND-REPAIR', 'North Dakota repair center', 'repair_center', 'US-ND', 'install'),
        ('OK-REPAIR', 'Oklahoma repair center', 'repair_center', 'US-OK', 'install')`);
    await queryRunner.query(`
      CREATE TABLE inventory.parts (
        sku text PRIMARY KEY,
        name text NOT NULL,
        category text NOT NULL,
        compatible_models text[] NOT NULL DEFAULT '{}',
        serialized boolean NOT NULL DEFAULT false,
        unit_cost_cents bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`);
    // One balance row per SKU and location; the ledger is the history, this is its running sum.
    await queryRunner.query(`
      CREATE TABLE inventory.stock_balances (
        sku text NOT NULL REFERENCES inventory.parts(sku),
        location_code text NOT NULL REFERENCES inventory.locations(code),
        on_hand integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
        reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
        in_transit integer NOT NULL DEFAULT 0 CHECK (in_transit >= 0),
        reorder_point integer CHECK (reorder_point >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, location_code)
      )`);
    await queryRunner.query(`
      CREATE TABLE inventory.stock_ledger (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        sku text NOT NULL,
        location_code text NOT NULL,
        type text NOT NULL CHECK (type IN ('receipt', 'adjustment', 'transfer_out', 'transfer_in', 'consume')),
        quantity integer NOT NULL,
        reference text,
        reason text,
        actor text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX stock_ledger_sku_location_idx ON inventory.stock_ledger (sku, location_code, id)`);
    await queryRunner.query(`
      CREATE TABLE inventory.serials (
        serial text PRIMARY KEY,
        sku text NOT NULL REFERENCES inventory.parts(sku),
        location_code text,
        status text NOT NULL CHECK (status IN ('in_stock', 'in_transit', 'consumed', 'removed')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE inventory.serial_history (
        id bigserial PRIMARY KEY,
        serial text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        event text NOT NULL,
        location_code text,
        reference text
      )`);
    await queryRunner.query(`CREATE INDEX serials_location_idx ON inventory.serials (sku, location_code, serial) WHERE status = 'in_stock'`);
    await queryRunner.query(`CREATE INDEX serial_history_serial_idx ON inventory.serial_history (serial, id)`);
    await queryRunner.query(`
      CREATE TABLE inventory.transfers (
        id uuid PRIMARY KEY,
        seq bigserial UNIQUE,
        sku text NOT NULL,
        from_location_code text NOT NULL,
        to_location_code text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        serials text[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('in_transit', 'received')),
        created_at timestamptz NOT NULL DEFAULT now(),
        received_at timestamptz,
        created_by text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE inventory.reservations (
        id uuid PRIMARY KEY,
        seq bigserial UNIQUE,
        request_id uuid UNIQUE,
        sku text NOT NULL,
        location_code text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        ticket_id text,
        status text NOT NULL CHECK (status IN ('confirmed', 'consumed', 'released', 'expired')),
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        created_by text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX reservations_ticket_idx ON inventory.reservations (ticket_id, seq)`);
    await queryRunner.query(`CREATE INDEX reservations_open_expiry_idx ON inventory.reservations (expires_at) WHERE status = 'confirmed'`);
    await queryRunner.query(`
      CREATE TABLE inventory.reservation_history (
        id bigserial PRIMARY KEY,
        reservation_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL,
        actor text NOT NULL,
        note text
      )`);
    await queryRunner.query(`CREATE INDEX reservation_history_reservation_idx ON inventory.reservation_history (reservation_id, id)`);
    // Deliveries and harvests already applied: receipts from events happen exactly once.
    await queryRunner.query(`
      CREATE TABLE inventory.applied_receipts (
        source text NOT NULL,
        source_id text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source, source_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA inventory CASCADE`);
  }
}
