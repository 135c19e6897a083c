import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moves by time: the idle history replays the last days from the moves made in them (and the
 * status each ticket was in when they began), not from every move of every ticket touching them.
 */
export class TicketMovesByTime1733600000000 implements MigrationInterface {
  name = 'TicketMovesByTime1733600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX ticket_history_at_idx ON repairs.ticket_history (at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX repairs.ticket_history_at_idx`);
  }
}
