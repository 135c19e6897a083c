import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idle counters striped: a transaction moves the stripe of its own connection (MOVE_IDLE_COUNT), so
 * tickets of one site and model written at once never queue on one counter row; readers sum the
 * stripes (the idle_totals view). At most IDLE_COUNT_STRIPES rows per key, so no compaction is needed.
 */
export class StripedIdleCounts1733000000000 implements MigrationInterface {
  name = 'StripedIdleCounts1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE repairs.idle_counts ADD COLUMN stripe smallint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE repairs.idle_counts DROP CONSTRAINT idle_counts_pkey, ADD PRIMARY KEY (site_code, model, reason, stripe)`);
    await queryRunner.query(`
      CREATE VIEW repairs.idle_totals AS
        SELECT site_code, model, reason, sum(machines)::int AS machines, sum(lost_hashrate_ths) AS lost_hashrate_ths
          FROM repairs.idle_counts GROUP BY site_code, model, reason`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW repairs.idle_totals`);
    await queryRunner.query(`
      CREATE TEMP TABLE idle_sums AS
        SELECT site_code, model, reason, sum(machines)::int AS machines, sum(lost_hashrate_ths) AS lost_hashrate_ths
          FROM repairs.idle_counts GROUP BY site_code, model, reason`);
    await queryRunner.query(`DELETE FROM repairs.idle_counts`);
    await queryRunner.query(`ALTER TABLE repairs.idle_counts DROP CONSTRAINT idle_counts_pkey, DROP COLUMN stripe`);
    await queryRunner.query(`INSERT INTO repairs.idle_counts SELECT site_code, model, reason, machines, lost_hashrate_ths FROM idle_sums`);
    await queryRunner.query(`ALTER TABLE repairs.idle_counts ADD PRIMARY KEY (site_code, model, reason)`);
    await queryRunner.query(`DROP TABLE idle_sums`);
  }
}
