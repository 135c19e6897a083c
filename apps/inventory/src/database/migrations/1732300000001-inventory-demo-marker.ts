import { MigrationInterface, QueryRunner } from 'typeorm';

/** Remembers that the demo data was loaded, so a restart never loads it twice. */
export class InventoryDemoMarker1732300000001 implements MigrationInterface {
  name = 'InventoryDemoMarker1732300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE inventory.demo_seed (name text PRIMARY KEY, seeded_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inventory.demo_seed`);
  }
}
