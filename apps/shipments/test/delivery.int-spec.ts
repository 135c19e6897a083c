import { connect, NatsConnection, StringCodec } from 'nats';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient, eventually, TestStack } from '../../../test/support/stack';

describe('shipments with inventory: locations and deliveries cross services exactly once', () => {
  let stack: TestStack;
  let shipments: ApiClient;
  let inventory: ApiClient;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory', 'shipments']);
    shipments = stack.client('shipments');
    inventory = stack.client('inventory');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function onHand(sku: string, locationCode: string): Promise<number> {
    const response = await inventory.get(`/stock?sku=${encodeURIComponent(sku)}&locationCode=${encodeURIComponent(locationCode)}`);
    expect(response.status).toBe(200);
    return response.body.items[0]?.onHand ?? 0;
  }

  async function shipToPort(reference: string, destinationCode: string, lines: Array<{ sku: string; quantity: number }>) {
    const created = await shipments.post('/shipments', {
      reference,
      originCountry: 'CN',
      destinationCode,
      portOfEntry: 'Houston',
      lines: lines.map((line) => ({ ...line, declaredValueUsd: '100.00', hsCode: '8504.40', countryOfOrigin: 'CN' })),
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await shipments.post(`/shipments/${id}/events`, { type: 'departed', at: '2025-05-01T00:00:00Z' })).status).toBe(201);
    expect((await shipments.post(`/shipments/${id}/events`, { type: 'arrived_at_port', at: '2025-05-20T00:00:00Z' })).status).toBe(201);
    return id;
  }

  it('accepts a destination created in inventory once its event arrives', async () => {
    const code = `DLV-SITE-${randomUUID().slice(0, 8)}`;
    expect((await inventory.post('/locations', { code, name: 'New mine site', kind: 'mine_site' })).status).toBe(201);
    await eventually(async () => {
      const created = await shipments.post('/shipments', {
        reference: `DLV-LOC-${code}`,
        originCountry: 'MY',
        destinationCode: code,
        lines: [{ sku: 'DLV-LOC-SKU', quantity: 1, declaredValueUsd: '10.00', hsCode: '8414.59', countryOfOrigin: 'MY' }],
      });
      expect(created.status).toBe(201);
    });
  });

  it('raises stock at the destination by exactly the shipped quantities, even when the event is published again', async () => {
    const psu = `DLV-PSU-${randomUUID().slice(0, 8)}`;
    const fan = `DLV-FAN-${randomUUID().slice(0, 8)}`;
    const id = await shipToPort('DLV-ONCE-1', 'OK-REPAIR', [{ sku: psu, quantity: 7 }, { sku: fan, quantity: 25 }]);
    expect((await shipments.post(`/shipments/${id}/events`, { type: 'delivered', at: '2025-05-25T00:00:00Z' })).status).toBe(201);
    await eventually(async () => {
      expect(await onHand(psu, 'OK-REPAIR')).toBe(7);
      expect(await onHand(fan, 'OK-REPAIR')).toBe(25);
    });
    // The same delivery repeated: the latest event posted again changes nothing.
    expect((await shipments.post(`/shipments/${id}/events`, { type: 'delivered', at: '2025-05-25T00:00:00Z' })).status).toBe(200);

    // The delivered event published twice more: once as it is (another JetStream msgID), once under a new event id.
    const database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
    let nats: NatsConnection | undefined;
    try {
      const rows = await database.query(
        `SELECT envelope FROM shipments.outbox WHERE subject = 'shipments.shipment.delivered' AND envelope->'data'->>'shipmentId' = $1`,
        [id],
      );
      expect(rows.rows).toHaveLength(1);
      const envelope = rows.rows[0].envelope;
      nats = await connect({ servers: stack.nats.url });
      const js = nats.jetstream();
      const codec = StringCodec();
      await js.publish('shipments.shipment.delivered', codec.encode(JSON.stringify(envelope)), { msgID: randomUUID() });
      await js.publish('shipments.shipment.delivered', codec.encode(JSON.stringify({ ...envelope, id: randomUUID() })), { msgID: randomUUID() });
    } finally {
      await nats?.close();
      await database.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await onHand(psu, 'OK-REPAIR')).toBe(7);
    expect(await onHand(fan, 'OK-REPAIR')).toBe(25);
  });

  it('delivers once NATS is back when it was down between the event post and the delivery', async () => {
    const hashboard = `DLV-HB-${randomUUID().slice(0, 8)}`;
    const id = await shipToPort('DLV-OUTAGE-1', 'ND-REPAIR', [{ sku: hashboard, quantity: 12 }]);
    await stack.nats.stop();
    try {
      const delivered = await shipments.post(`/shipments/${id}/events`, { type: 'delivered', at: '2025-05-26T00:00:00Z' });
      expect(delivered.status).toBe(201);
      expect(delivered.body.shipment.status).toBe('delivered');
    } finally {
      await stack.nats.start();
    }
    await eventually(async () => expect(await onHand(hashboard, 'ND-REPAIR')).toBe(12), 20_000, 200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await onHand(hashboard, 'ND-REPAIR')).toBe(12);
  }, 40_000);
});
