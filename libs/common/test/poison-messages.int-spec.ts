import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { ShipmentEvents } from '@app/common';
import { eventually, TestStack } from '../../../test/support/stack';

/** A consumer never drops a poison message silently nor lets it block the stream: it parks it. */
describe('durable consumers park poison messages', () => {
  let stack: TestStack;
  let nc: NatsConnection;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory'], { CONSUMER_MAX_DELIVER: '2' });
    nc = await connect({ servers: stack.nats.url });
  });

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  const delivered = (destinationCode: string, sku: string) => ({
    id: randomUUID(),
    type: ShipmentEvents.delivered.subject,
    occurredAt: new Date().toISOString(),
    version: 1,
    data: { shipmentId: randomUUID(), reference: `PO-${randomUUID()}`, destinationCode, deliveredAt: new Date().toISOString(), lines: [{ sku, quantity: 2 }] },
  });

  it('parks malformed and invalid events at once, a failing one after its bounded retries, and keeps consuming', async () => {
    const js = nc.jetstream();
    const client = stack.client('inventory');
    await js.publish(ShipmentEvents.delivered.subject, Buffer.from('{not json'));
    const invalid = { ...delivered('AR-REPAIR', 'X'), data: { reference: 'missing fields' } };
    await js.publish(ShipmentEvents.delivered.subject, Buffer.from(JSON.stringify(invalid)));
    const failing = delivered('NO-SUCH-LOCATION', `SKU-${randomUUID()}`);
    await js.publish(ShipmentEvents.delivered.subject, Buffer.from(JSON.stringify(failing)));
    const goodSku = `SKU-${randomUUID().slice(0, 8)}`;
    await js.publish(ShipmentEvents.delivered.subject, Buffer.from(JSON.stringify(delivered('ND-REPAIR', goodSku))));

    await eventually(async () => {
      const stock = await client.get(`/stock?sku=${goodSku}&locationCode=ND-REPAIR`);
      expect(stock.body.items[0]).toMatchObject({ onHand: 2 });
    }, 10_000);

    const parked = await eventually(async () => {
      const page = await client.get('/parked-messages');
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(3);
      return page.body.items as Array<{ eventId: string | null; error: string; deliveries: number; consumer: string }>;
    }, 15_000);
    expect(parked.find((row) => row.error.includes('malformed JSON'))).toBeDefined();
    expect(parked.find((row) => row.eventId === invalid.id)?.error).toContain('shipmentId');
    const retried = parked.find((row) => row.eventId === failing.id);
    expect(retried).toMatchObject({ consumer: 'inventory-on-shipments', deliveries: 2 });

    const metrics = await client.withKey(undefined).get('/metrics');
    expect(metrics.body).toMatch(/parked_messages\{service="inventory"\} 3/);
    const asManager = await client.post('/api-keys', { role: 'mine_manager', name: 'not an operator' });
    expect((await client.withKey(asManager.body.key).get('/parked-messages')).status).toBe(403);
  });
});
