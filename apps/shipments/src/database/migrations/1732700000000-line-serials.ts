import { MigrationInterface, QueryRunner } from 'typeorm';

/** The serials a shipment line carries (ERP advance shipping notices list them for hashboards), one per unit or none. */
export class LineSerials1732700000000 implements MigrationInterface {
  name = 'LineSerials1732700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE shipments.shipment_lines ADD COLUMN serials text[] NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE shipments.shipment_lines DROP COLUMN serials`);
  }
}
