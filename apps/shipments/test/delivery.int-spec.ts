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

  async function shipToPort(reference: string, destinationCode: string, lines: Array<{ sku: string; quantity: number; serials?: string[] }>) {
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

  it('delivers serialized units under the serials the shipment named, and refuses serials that do not fit its lines', async () => {
    const board = `DLV-HB-${randomUUID().slice(0, 8)}`;
    expect((await inventory.post('/parts', { sku: board, name: 'hashboard', category: 'hashboard', serialized: true })).status).toBe(201);
    const serials = [`${board}-1`, `${board}-2`];
    // One of them is in stock already (a mislabelled unit): the delivery still counts it, untracked.
    const inStock = `${board}-9`;
    expect((await inventory.post('/stock/receipts', { sku: board, locationCode: 'ND-REPAIR', quantity: 1, serials: [inStock] })).status).toBe(201);
    const line = (extra: object) => ({ sku: board, declaredValueUsd: '100.00', hsCode: '8473.30', countryOfOrigin: 'CN', ...extra });
    const base = { originCountry: 'CN', destinationCode: 'AR-REPAIR' };
    const short = await shipments.post('/shipments', { ...base, reference: `DLV-SN-BAD-${board}`, lines: [line({ quantity: 2, serials: [serials[0]] })] });
    expect(short.status).toBe(400);
    expect(short.body.message).toContain('lines.0.serials must list one serial per unit: 2, not 1');
    const twice = await shipments.post('/shipments', {
      ...base, reference: `DLV-SN-TWICE-${board}`, lines: [line({ quantity: 1, serials: [serials[0]] }), line({ quantity: 1, serials: [serials[0]] })],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toContain(`lines.1.serials repeats ${serials[0]}`);

    const id = await shipToPort(`DLV-SN-${board}`, 'AR-REPAIR', [{ sku: board, quantity: 3, serials: [...serials, inStock] }]);
    expect((await shipments.get(`/shipments/${id}`)).body.lines[0].serials).toEqual([...serials, inStock]);
    expect((await shipments.post(`/shipments/${id}/events`, { type: 'delivered', at: '2025-05-25T00:00:00Z' })).status).toBe(201);
    await eventually(async () => expect(await onHand(board, 'AR-REPAIR')).toBe(3));
    const shelf = await inventory.get(`/serials?sku=${board}&locationCode=AR-REPAIR&status=in_stock`);
    expect(shelf.body.items.map((item: { serial: string }) => item.serial)).toEqual(serials);
    expect((await inventory.get(`/serials/${serials[0]}`)).body.history[0]).toMatchObject({ event: 'received (shipment)', reference: `DLV-SN-${board}` });
    const conflicting = (await inventory.get(`/serials/${inStock}`)).body;
    expect(conflicting).toMatchObject({ status: 'in_stock', locationCode: 'ND-REPAIR' });
    expect(conflicting.history.at(-1)).toMatchObject({
      event: 'named again (shipment): unit received untracked', locationCode: 'AR-REPAIR', reference: `DLV-SN-${board}`,
    });
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
