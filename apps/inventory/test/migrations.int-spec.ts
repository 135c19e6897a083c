import { runMigrations } from '@app/common';
import { createTestDatabase } from '@app/common/testing';
import { DataSource, type MigrationInterface } from 'typeorm';
import { InventoryInitial1732300000000 } from '../src/database/migrations/1732300000000-inventory-initial';
import { INVENTORY_MIGRATIONS } from '../src/database/migrations';

jest.setTimeout(30_000);

async function migrated(url: string, migrations: Array<new () => MigrationInterface>): Promise<DataSource> {
  const dataSource = await new DataSource({
    type: 'postgres', url, schema: 'inventory', migrations, migrationsTableName: 'migrations', synchronize: false,
  }).initialize();
  await runMigrations(dataSource, 'inventory');
  return dataSource;
}

describe('inventory migrations', () => {
  it('take serials that outnumber the units on hand out of stock, first by serial, and keep the rest', async () => {
    const url = await createTestDatabase();
    const before = await migrated(url, [InventoryInitial1732300000000]);
    try {
      await before.query(`INSERT INTO inventory.parts (sku, name, category, serialized, created_by) VALUES ('HB-1', 'board', 'hashboard', true, 'test')`);
      await before.query(
        `INSERT INTO inventory.stock_balances (sku, location_code, on_hand) VALUES ('HB-1', 'AR-REPAIR', 1), ('HB-1', 'ND-REPAIR', 2)`,
      );
      // Written by consumes that named no serial: AR lists three serials for one unit, ND two for two.
      await before.query(
        `INSERT INTO inventory.serials (serial, sku, location_code, status)
         VALUES ('A-1', 'HB-1', 'AR-REPAIR', 'in_stock'), ('A-2', 'HB-1', 'AR-REPAIR', 'in_stock'), ('A-3', 'HB-1', 'AR-REPAIR', 'in_stock'),
                ('N-1', 'HB-1', 'ND-REPAIR', 'in_stock'), ('N-2', 'HB-1', 'ND-REPAIR', 'in_stock')`,
      );
    } finally {
      await before.destroy();
    }
    const after = await migrated(url, INVENTORY_MIGRATIONS);
    try {
      const serials: Array<{ serial: string; status: string }> = await after.query(`SELECT serial, status FROM inventory.serials ORDER BY serial`);
      expect(serials).toEqual([
        { serial: 'A-1', status: 'removed' }, { serial: 'A-2', status: 'removed' }, { serial: 'A-3', status: 'in_stock' },
        { serial: 'N-1', status: 'in_stock' }, { serial: 'N-2', status: 'in_stock' },
      ]);
      const history: Array<{ serial: string; event: string }> = await after.query(`SELECT serial, event FROM inventory.serial_history ORDER BY serial`);
      expect(history).toEqual([{ serial: 'A-1', event: 'removed' }, { serial: 'A-2', event: 'removed' }]);
      expect(await after.query(`SELECT consumed_serials FROM inventory.reservations`)).toEqual([]);
    } finally {
      await after.destroy();
    }
  });
});
