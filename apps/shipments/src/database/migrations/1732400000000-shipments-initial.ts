import { createKnownLocationsTable, createPlatformTables } from '@app/common';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class ShipmentsInitial1732400000000 implements MigrationInterface {
  name = 'ShipmentsInitial1732400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createPlatformTables(queryRunner, 'shipments');
    await createKnownLocationsTable(queryRunner, 'shipments');
    await queryRunner.query(`
      CREATE TABLE shipments.shipments (
        id uuid PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('created', 'in_transit', 'at_port', 'held', 'released', 'delivered')),
        origin_country text NOT NULL,
        origin_location text,
        destination_code text NOT NULL,
        port_of_entry text,
        carrier text,
        tracking_number text,
        allocation_basis text NOT NULL CHECK (allocation_basis IN ('value', 'quantity')),
        freight_usd numeric(17,2) NOT NULL DEFAULT 0,
        eta timestamptz,
        eta_basis jsonb,
        departed_at timestamptz,
        arrived_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX shipments_status_idx ON shipments.shipments (status, id)`);
    await queryRunner.query(`CREATE INDEX shipments_delivered_idx ON shipments.shipments (delivered_at) WHERE status = 'delivered'`);
    await queryRunner.query(`
      CREATE TABLE shipments.shipment_lines (
        shipment_id uuid NOT NULL REFERENCES shipments.shipments(id),
        line_no integer NOT NULL,
        sku text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        declared_value_usd numeric(17,2) NOT NULL,
        hs_code text NOT NULL,
        country_of_origin text NOT NULL,
        repair_value_usd numeric(17,2),
        PRIMARY KEY (shipment_id, line_no)
      )`);
    await queryRunner.query(`
      CREATE TABLE shipments.tracking_events (
        id uuid PRIMARY KEY,
        shipment_id uuid NOT NULL REFERENCES shipments.shipments(id),
        seq integer NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        location text,
        note text,
        hold_reason text,
        agency text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by text NOT NULL,
        UNIQUE (shipment_id, seq)
      )`);
    await queryRunner.query(`
      CREATE TABLE shipments.customs_holds (
        id uuid PRIMARY KEY,
        shipment_id uuid NOT NULL REFERENCES shipments.shipments(id),
        reason text NOT NULL,
        agency text,
        note text,
        location text,
        port_of_entry text,
        bonded boolean NOT NULL DEFAULT false,
        daily_storage_rate_usd numeric(14,2),
        free_storage_days integer NOT NULL DEFAULT 0,
        opened_at timestamptz NOT NULL,
        released_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX customs_holds_active_idx ON shipments.customs_holds (opened_at, id) WHERE released_at IS NULL`);
    await queryRunner.query(`CREATE INDEX customs_holds_shipment_idx ON shipments.customs_holds (shipment_id, opened_at)`);
    await queryRunner.query(`
      CREATE TABLE shipments.tariffs (
        id uuid PRIMARY KEY,
        country_of_origin text NOT NULL,
        hs_code text NOT NULL,
        program text NOT NULL,
        rate_pct text NOT NULL,
        effective_from date NOT NULL,
        effective_to date,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX tariffs_country_code_idx ON shipments.tariffs (country_of_origin, hs_code, program)`);
    // Entry fees and the ETA default transit are settings, not constants: one row, changed through PUT /settings.
    // Defaults: US CBP fiscal 2025 MPF 0.3464% (min $32.71, max $634.62) and HMF 0.125%.
    await queryRunner.query(`
      CREATE TABLE shipments.settings (
        id integer PRIMARY KEY CHECK (id = 1),
        mpf_rate_pct text NOT NULL,
        mpf_minimum_usd numeric(14,2) NOT NULL,
        mpf_maximum_usd numeric(14,2) NOT NULL,
        hmf_rate_pct text,
        default_transit_days integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO shipments.settings (id, mpf_rate_pct, mpf_minimum_usd, mpf_maximum_usd, hmf_rate_pct, default_transit_days, updated_by)
      VALUES (1, '0.3464', 32.71, 634.62, '0.125', 35, 'install')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA shipments CASCADE`);
  }
}
