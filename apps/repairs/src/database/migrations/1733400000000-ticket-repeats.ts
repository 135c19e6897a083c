import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which earlier repair a ticket undoes: the machine's previous ticket, returned within 30 days before
 * this one was opened (the one whose came_back_at is this ticket's creation), so staff see it on the
 * ticket and a ticket cancelled as opened by mistake can take the re-failure back.
 */
export class TicketRepeats1733400000000 implements MigrationInterface {
  name = 'TicketRepeats1733400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE repairs.tickets ADD COLUMN repeat_of uuid`);
    await queryRunner.query(`
      UPDATE repairs.tickets n SET repeat_of = o.id FROM repairs.tickets o
       WHERE o.came_back_at IS NOT NULL AND n.machine_serial = o.machine_serial AND n.created_at = o.came_back_at AND n.id <> o.id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE repairs.tickets DROP COLUMN repeat_of`);
  }
}
