import { MigrationInterface, QueryRunner } from 'typeorm';
import { SCENARIO_SEEDS } from '../../projection/scenario-seeds';

/**
 * Projection scenarios (seeded with the three built-ins as data, editable through PUT /scenarios/{name})
 * and the projection's own read models of inventory and shipments events.
 */
export class ProjectionScenarios1732500000000 implements MigrationInterface {
  name = 'ProjectionScenarios1732500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE repairs.scenarios (
        name text PRIMARY KEY,
        description text NOT NULL,
        start_date date,
        hold_probability double precision NOT NULL,
        mean_hold_days double precision NOT NULL,
        extra_lead_time_days double precision NOT NULL,
        cut_off_makers text[] NOT NULL,
        cut_off_origins text[] NOT NULL,
        second_supplier_share double precision NOT NULL,
        second_supplier_turnaround_days double precision NOT NULL,
        built_in boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const seed of SCENARIO_SEEDS) {
      await queryRunner.query(
        `INSERT INTO repairs.scenarios (name, description, start_date, hold_probability, mean_hold_days, extra_lead_time_days,
           cut_off_makers, cut_off_origins, second_supplier_share, second_supplier_turnaround_days, built_in)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (name) DO NOTHING`,
        [seed.name, seed.description, seed.startDate ?? null, seed.holdProbability, seed.meanHoldDays, seed.extraLeadTimeDays,
          seed.cutOffMakers, seed.cutOffOrigins, seed.secondSupplierShare, seed.secondSupplierTurnaroundDays, seed.builtIn],
      );
    }
    // Parts catalog as announced by inventory: SKU to component, unit cost, models (for the maker).
    await queryRunner.query(`
      CREATE TABLE repairs.projection_parts (
        sku text PRIMARY KEY,
        category text NOT NULL,
        compatible_models text[] NOT NULL DEFAULT '{}',
        unit_cost_usd numeric(17, 2)
      )`);
    // Available stock per SKU and location: the balance carried by the latest stock event.
    await queryRunner.query(`
      CREATE TABLE repairs.projection_stock (
        sku text NOT NULL,
        location_code text NOT NULL,
        available integer NOT NULL,
        on_hand integer NOT NULL,
        as_of timestamptz NOT NULL,
        PRIMARY KEY (sku, location_code)
      )`);
    await queryRunner.query(`
      CREATE TABLE repairs.projection_shipments (
        shipment_id uuid PRIMARY KEY,
        reference text NOT NULL,
        destination_code text NOT NULL,
        origin_country text,
        lines jsonb NOT NULL,
        eta timestamptz,
        held boolean NOT NULL DEFAULT false,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE repairs.projection_holds (
        hold_id uuid PRIMARY KEY,
        shipment_id uuid NOT NULL,
        destination_code text NOT NULL,
        reason text,
        lines jsonb NOT NULL,
        opened_at timestamptz,
        released_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX projection_holds_active_idx ON repairs.projection_holds (shipment_id) WHERE released_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['projection_holds', 'projection_shipments', 'projection_stock', 'projection_parts', 'scenarios']) {
      await queryRunner.query(`DROP TABLE IF EXISTS repairs.${table}`);
    }
  }
}
