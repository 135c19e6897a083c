import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Serials leave stock with every unit that leaves (consumes and adjustments pick them when none are
 * named), so serials in stock never outnumber the units on hand. Reservations keep the serials they
 * consumed. Stock written before this rule may list more serials than units: the excess at each
 * location leaves as `removed`, first by serial (the order units leave in), with a history entry.
 */
export class SerialsFollowCounts1732700000000 implements MigrationInterface {
  name = 'SerialsFollowCounts1732700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE inventory.reservations ADD COLUMN consumed_serials text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`
      WITH tracked AS (
        SELECT s.serial, s.location_code,
               row_number() OVER (PARTITION BY s.sku, s.location_code ORDER BY s.serial) AS position,
               count(*) OVER (PARTITION BY s.sku, s.location_code) - coalesce(b.on_hand, 0) AS excess
          FROM inventory.serials s
          LEFT JOIN inventory.stock_balances b ON b.sku = s.sku AND b.location_code = s.location_code
         WHERE s.status = 'in_stock'
      ), removed AS (
        UPDATE inventory.serials s SET status = 'removed', updated_at = now()
          FROM tracked t WHERE s.serial = t.serial AND t.position <= t.excess
        RETURNING s.serial, s.location_code
      )
      INSERT INTO inventory.serial_history (serial, event, location_code, reference)
      SELECT serial, 'removed', location_code, 'more serials in stock than units on hand' FROM removed`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE inventory.reservations DROP COLUMN consumed_serials`);
  }
}
