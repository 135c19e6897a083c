import { MigrationInterface, QueryRunner } from 'typeorm';

/** A machine's repair history, oldest first (GET /tickets?machineSerial=), as one index range. */
export class TicketsByMachine1733300000000 implements MigrationInterface {
  name = 'TicketsByMachine1733300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX tickets_machine_idx ON repairs.tickets (machine_serial, created_at, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX repairs.tickets_machine_idx`);
  }
}
