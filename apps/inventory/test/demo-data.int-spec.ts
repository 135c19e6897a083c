import { Client } from 'pg';
import { TestStack } from '../../../test/support/stack';

describe('inventory demo data', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory'], { DEMO_DATA: 'true' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('loads the demo catalog and opening stock once, and a restart migrates and seeds nothing again', async () => {
    const client = stack.client('inventory');
    const part = await client.get('/parts/HB-S21-200');
    expect(part.body).toMatchObject({ category: 'hashboard', serialized: true, unitCostUsd: '800.00' });
    expect((await client.get('/locations/HOU-BONDED-1')).body).toMatchObject({ kind: 'bonded_warehouse', dailyStorageRateUsd: '35.00' });
    const fans = async () => (await client.get('/stock?sku=FAN-12038&locationCode=AR-REPAIR')).body.items[0];
    expect(await fans()).toMatchObject({ onHand: 30, reorderPoint: 20 });
    const low = (await client.get('/stock/low?limit=500')).body.items.map((row: { sku: string; locationCode: string }) => `${row.sku}@${row.locationCode}`);
    expect(low).toEqual(expect.arrayContaining(['HB-S21-200@AR-REPAIR', 'PSU-APW12@OK-REPAIR']));

    const migrations = async () => {
      const database = new Client({ connectionString: stack.databaseUrl });
      await database.connect();
      try {
        return (await database.query('SELECT id, name, timestamp FROM inventory.migrations ORDER BY id')).rows;
      } finally {
        await database.end();
      }
    };
    const applied = await migrations();
    expect(applied.length).toBeGreaterThan(0);
    await stack.stopService('inventory');
    await stack.startService('inventory');
    expect(await migrations()).toEqual(applied);
    expect(await fans()).toMatchObject({ onHand: 30 });
    const ledger = (await client.get('/stock/ledger?sku=FAN-12038&locationCode=AR-REPAIR')).body.items;
    expect(ledger).toHaveLength(1);
    expect((await client.get('/stock/audit')).body).toMatchObject({ ok: true, mismatches: [] });
  });
});
