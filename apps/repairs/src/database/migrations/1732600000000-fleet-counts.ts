import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fleet per (site, model, maker), kept by the statements that write machines (MachinesRepository),
 * so projections read it without scanning the machines table: machines, their hashrate and power sums,
 * and the earliest registration. `maker` is '' when none is stored. Scrapped machines stay counted here
 * (as in machines_by_site_model); readers subtract them through the partial index below, which holds
 * only scrapped machines and so costs nothing on imports.
 */
export class FleetCounts1732600000000 implements MigrationInterface {
  name = 'FleetCounts1732600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE repairs.fleet_counts (
        site_code text NOT NULL,
        model text NOT NULL,
        maker text NOT NULL DEFAULT '',
        machines integer NOT NULL DEFAULT 0,
        hashrate_ths numeric NOT NULL DEFAULT 0,
        power_w bigint NOT NULL DEFAULT 0,
        first_created_at timestamptz,
        PRIMARY KEY (site_code, model, maker)
      )`);
    await queryRunner.query(`
      INSERT INTO repairs.fleet_counts (site_code, model, maker, machines, hashrate_ths, power_w, first_created_at)
      SELECT site_code, model, coalesce(maker, ''), count(*)::int, sum(hashrate_ths::numeric), sum(power_w), min(created_at)
        FROM repairs.machines GROUP BY site_code, model, coalesce(maker, '')`);
    await queryRunner.query(`CREATE INDEX machines_scrapped_idx ON repairs.machines (model, maker) INCLUDE (hashrate_ths) WHERE scrapped`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS repairs.machines_scrapped_idx`);
    await queryRunner.query(`DROP TABLE IF EXISTS repairs.fleet_counts`);
  }
}
