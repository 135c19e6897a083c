import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What projections read from a year of tickets without reading the year: each ticket's return time
 * beside it, indexed so the latest returns of a component at a center are one index range; and the
 * tickets created per UTC day, component and center, counted once a day has settled (see
 * LiveDataRepository.demandByCenter), with the days counted so far.
 */
export class TicketWindowStatistics1733100000000 implements MigrationInterface {
  name = 'TicketWindowStatistics1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE repairs.tickets ADD COLUMN returned_at timestamptz`);
    await queryRunner.query(`
      UPDATE repairs.tickets t SET returned_at = h.at
        FROM (SELECT ticket_id, max(at) AS at FROM repairs.ticket_history WHERE to_status = 'returned' GROUP BY ticket_id) h
       WHERE h.ticket_id = t.id AND t.status = 'returned'`);
    await queryRunner.query(`
      CREATE INDEX tickets_returned_idx ON repairs.tickets (component, repair_center_code, returned_at DESC) INCLUDE (created_at)
        WHERE returned_at IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE repairs.ticket_days (
        day date NOT NULL,
        component text NOT NULL,
        repair_center_code text NOT NULL,
        tickets integer NOT NULL,
        PRIMARY KEY (day, component, repair_center_code)
      )`);
    await queryRunner.query(`CREATE TABLE repairs.ticket_days_counted (day date PRIMARY KEY)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE repairs.ticket_days_counted`);
    await queryRunner.query(`DROP TABLE repairs.ticket_days`);
    await queryRunner.query(`DROP INDEX repairs.tickets_returned_idx`);
    await queryRunner.query(`ALTER TABLE repairs.tickets DROP COLUMN returned_at`);
  }
}
