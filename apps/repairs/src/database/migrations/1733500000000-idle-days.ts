import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The idle history's settled days, counted once (as ticket_days are): per UTC day, site, status,
 * degradation and remaining fraction, the ticket-seconds spent and those seconds times the machines'
 * hashrate. A day never changes once settled (moves are recorded at the time they happen), so the
 * history of a year is read from here rather than replayed from every ticket's moves on each request.
 */
export class IdleDays1733500000000 implements MigrationInterface {
  name = 'IdleDays1733500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE repairs.idle_days (
        day date NOT NULL,
        site_code text NOT NULL,
        status text NOT NULL,
        degraded boolean NOT NULL,
        remaining_hashrate_fraction double precision,
        seconds double precision NOT NULL,
        hashrate_th_seconds double precision NOT NULL
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX idle_days_key ON repairs.idle_days (day, site_code, status, degraded, coalesce(remaining_hashrate_fraction, -1))`);
    await queryRunner.query(`CREATE TABLE repairs.idle_days_counted (day date PRIMARY KEY)`);
    // Tickets closed per day, for the idle history, found by when they closed.
    await queryRunner.query(`
      CREATE INDEX tickets_closed_idx ON repairs.tickets (status_since) WHERE status IN ('returned', 'scrapped', 'cancelled')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX repairs.tickets_closed_idx`);
    await queryRunner.query(`DROP TABLE repairs.idle_days_counted`);
    await queryRunner.query(`DROP TABLE repairs.idle_days`);
  }
}
