import { ApiClient, TestStack } from '../../../test/support/stack';

describe('shipments: first-start demo data', () => {
  let stack: TestStack;
  let client: ApiClient;

  beforeAll(async () => {
    stack = await TestStack.start(['shipments'], { DEMO_DATA: 'true' });
    client = stack.client('shipments');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('seeds the tariff schedule and three Shenzhen to Houston shipments once', async () => {
    const tariffs = await client.get('/tariffs?limit=500');
    expect(tariffs.body.items).toHaveLength(25);
    const shipments = await client.get('/shipments?limit=500');
    const byReference = Object.fromEntries(shipments.body.items.map((item: { reference: string }) => [item.reference, item]));
    expect(byReference['DEMO-SZX-HOU-0001']).toMatchObject({ status: 'delivered', destinationCode: 'AR-REPAIR' });
    expect(byReference['DEMO-SZX-HOU-0002']).toMatchObject({ status: 'in_transit', destinationCode: 'ND-REPAIR' });
    expect(byReference['DEMO-SZX-HOU-0003']).toMatchObject({ status: 'held', destinationCode: 'OK-REPAIR' });
    const skus = new Set(shipments.body.items.flatMap((item: { lines: Array<{ sku: string }> }) => item.lines.map((line) => line.sku)));
    expect([...skus].sort()).toEqual(['FAN-12038', 'HB-S21-200', 'PSU-APW12']);
    // Its lane has no delivered shipment yet (default transit); the delivered one feeds the customs dwell.
    expect(byReference['DEMO-SZX-HOU-0002'].etaBasis).toMatchObject({ source: 'default', transitSampleSize: 0, dwellSampleSize: 1 });

    const holds = await client.get('/customs/holds?active=true');
    expect(holds.body.items).toHaveLength(1);
    expect(holds.body.items[0]).toMatchObject({ reference: 'DEMO-SZX-HOU-0003', reason: 'inspection', agency: 'CBP', portOfEntry: 'Houston' });
    expect(holds.body.items[0].note).toContain('Operation Red Sunset');
    expect(Number(holds.body.items[0].storageCostUsd)).toBeGreaterThan(0);

    const duty = await client.get(`/shipments/${byReference['DEMO-SZX-HOU-0001'].id}/duty`);
    expect(duty.body.lines.map((line: { ratePct: string }) => line.ratePct)).toEqual(['55', '55']);

    await stack.stopService('shipments');
    await stack.startService('shipments');
    expect((await client.get('/tariffs?limit=500')).body.items).toHaveLength(25);
    expect((await client.get('/shipments?limit=500')).body.items).toHaveLength(3);
  }, 30_000);
});
