import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Serials a shipment or harvest named that could not come into stock under their serial (already on a
 * shelf, another part's, more than the units...): the units came in untracked, and each serial waits
 * here for someone to sort it out and mark it resolved.
 */
export class SerialConflicts1733000000000 implements MigrationInterface {
  name = 'SerialConflicts1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inventory.serial_conflicts (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        serial text NOT NULL,
        sku text NOT NULL,
        location_code text NOT NULL,
        source text NOT NULL,
        reference text,
        reason text NOT NULL CHECK (reason IN ('already_tracked', 'other_part', 'repeated', 'more_than_units', 'part_not_serialized')),
        known_sku text,
        known_status text,
        known_location_code text,
        noted_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolved_by text,
        resolution text
      )`);
    await queryRunner.query(`CREATE INDEX serial_conflicts_open_idx ON inventory.serial_conflicts (seq) WHERE resolved_at IS NULL`);
    await queryRunner.query(`CREATE INDEX serial_conflicts_serial_idx ON inventory.serial_conflicts (serial)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inventory.serial_conflicts`);
  }
}
