import { type EventEnvelope, RepairEvents, ShipmentEvents, STREAMS } from '@app/common';
import { randomUUID } from 'node:crypto';
import { AckPolicy, connect, DeliverPolicy, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { eventually, TestStack } from '../../../test/support/stack';
import { createPart, receive, stockRow, uniqueSku } from './fixtures';

jest.setTimeout(30_000);

describe('inventory: events in and out', () => {
  let stack: TestStack;
  let nc: NatsConnection;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory']);
    nc = await connect({ servers: stack.nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  });

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  /** Every event on one subject of the inventory stream whose data names this SKU, read by an ephemeral consumer. */
  async function eventsFor(subject: string, sku: string): Promise<EventEnvelope<{ sku: string }>[]> {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.consumers.add(STREAMS.inventory.name, {
      filter_subject: subject, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, inactive_threshold: 30_000_000_000,
    });
    const found: EventEnvelope<{ sku: string }>[] = [];
    try {
      if (info.num_pending === 0) return found;
      const consumer = await nc.jetstream().consumers.get(STREAMS.inventory.name, info.name);
      const messages = await consumer.fetch({ max_messages: info.num_pending, expires: 2000 });
      for await (const message of messages) {
        const envelope = message.json<EventEnvelope<{ sku: string }>>();
        if (envelope.data.sku === sku) found.push(envelope);
      }
      return found;
    } finally {
      await jsm.consumers.delete(STREAMS.inventory.name, info.name).catch(() => undefined);
    }
  }

  async function settled(durable: string, stream: string): Promise<void> {
    const jsm = await nc.jetstreamManager();
    await eventually(async () => {
      const info = await jsm.consumers.info(stream, durable);
      expect(info.num_pending + info.num_ack_pending).toBe(0);
    }, 10_000);
  }

  function publish(subject: string, envelope: object): Promise<unknown> {
    return nc.jetstream().publish(subject, Buffer.from(JSON.stringify(envelope)), { msgID: randomUUID() });
  }

  it('publishes an event made while NATS is down once NATS is back, exactly once', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    await stack.nats.stop();
    try {
      const receipt = await admin.post('/stock/receipts', { sku, locationCode: 'AR-REPAIR', quantity: 7, reference: 'during-outage' });
      expect(receipt.status).toBe(201);
    } finally {
      await stack.nats.start();
    }
    const events = await eventually(async () => {
      const found = await eventsFor('inventory.stock.received', sku);
      expect(found).toHaveLength(1);
      return found;
    }, 20_000, 250);
    expect(events[0]).toMatchObject({
      type: 'inventory.stock.received',
      version: 1,
      data: { sku, locationCode: 'AR-REPAIR', quantity: 7, source: 'receipt', reference: 'during-outage',
        balance: { onHand: 7, reserved: 0, available: 7, inTransit: 0 } },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await eventsFor('inventory.stock.received', sku)).toHaveLength(1);
  }, 40_000);

  it('carries the request id into the events a request emits and the caller\'s key into the ledger', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    const erp = await admin.post('/api-keys', { role: 'erp', name: 'erp-correlation' });
    const requestId = `req-${randomUUID()}`;
    const receipt = await stack.client('inventory', erp.body.key).post(
      '/stock/receipts', { sku, locationCode: 'AR-REPAIR', quantity: 3 }, { 'x-request-id': requestId },
    );
    expect(receipt.status).toBe(201);
    expect(receipt.headers.get('x-request-id')).toBe(requestId);
    const events = await eventually(async () => {
      const found = await eventsFor('inventory.stock.received', sku);
      expect(found).toHaveLength(1);
      return found;
    }, 10_000, 100);
    expect(events[0].correlationId).toBe(requestId);
    const ledger = await admin.get(`/stock/ledger?sku=${sku}`);
    expect(ledger.body.items).toEqual([expect.objectContaining({ type: 'receipt', actor: 'erp-correlation' })]);
  });

  it('receives a delivered shipment exactly once: redeliveries, a new event id and a pruned inbox change nothing', async () => {
    const admin = stack.client('inventory');
    const known = await createPart(admin);
    const unknown = uniqueSku('NEW');
    const shipmentId = randomUUID();
    const data = {
      shipmentId, reference: `SHP-${shipmentId.slice(0, 8)}`, destinationCode: 'OK-REPAIR', deliveredAt: new Date().toISOString(),
      lines: [{ sku: known, quantity: 12 }, { sku: unknown, quantity: 3 }],
    };
    const envelope = { id: randomUUID(), type: ShipmentEvents.delivered.subject, occurredAt: new Date().toISOString(), version: 1, data };
    await publish(ShipmentEvents.delivered.subject, envelope);
    await publish(ShipmentEvents.delivered.subject, envelope);
    await eventually(async () => expect(await stockRow(admin, known, 'OK-REPAIR')).toMatchObject({ onHand: 12 }));
    await publish(ShipmentEvents.delivered.subject, { ...envelope, id: randomUUID() });
    const database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
    try {
      await settled('inventory-on-shipments', STREAMS.shipments.name);
      await database.query(`DELETE FROM inventory.inbox WHERE consumer = 'inventory-on-shipments'`);
      await publish(ShipmentEvents.delivered.subject, envelope);
      await settled('inventory-on-shipments', STREAMS.shipments.name);
      const parked = await database.query(`SELECT count(*)::int AS count FROM inventory.parked_messages`);
      expect(parked.rows[0].count).toBe(0);
    } finally {
      await database.end();
    }
    expect(await stockRow(admin, known, 'OK-REPAIR')).toMatchObject({ onHand: 12, available: 12 });
    expect(await stockRow(admin, unknown, 'OK-REPAIR')).toMatchObject({ onHand: 3 });
    expect((await admin.get(`/parts/${unknown}`)).body).toMatchObject({ sku: unknown, name: unknown, category: 'other' });
    const ledger = await admin.get(`/stock/ledger?sku=${known}`);
    expect(ledger.body.items).toEqual([expect.objectContaining({ type: 'receipt', quantity: 12, reference: data.reference })]);
    const received = await eventually(async () => {
      const found = await eventsFor('inventory.stock.received', known);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(received[0].data).toMatchObject({ source: 'shipment', quantity: 12 });
  });

  it('lists serials a delivered shipment could not track as open conflicts, which staff resolve once', async () => {
    const admin = stack.client('inventory');
    const board = await createPart(admin, { category: 'hashboard', serialized: true });
    const psu = await createPart(admin, { category: 'psu', serialized: true });
    const onShelf = `${board}-ON-SHELF`;
    const psuSerial = `${psu}-1`;
    await receive(admin, board, 'ND-REPAIR', 1, [onShelf]);
    await receive(admin, psu, 'ND-REPAIR', 1, [psuSerial]);
    const shipmentId = randomUUID();
    const reference = `SHP-${shipmentId.slice(0, 8)}`;
    const data = {
      shipmentId, reference, destinationCode: 'OK-REPAIR', deliveredAt: new Date().toISOString(),
      lines: [{ sku: board, quantity: 3, serials: [`${board}-NEW`, onShelf, psuSerial] }],
    };
    await publish(ShipmentEvents.delivered.subject, { id: randomUUID(), type: ShipmentEvents.delivered.subject, occurredAt: new Date().toISOString(), version: 1, data });
    await eventually(async () => expect(await stockRow(admin, board, 'OK-REPAIR')).toMatchObject({ onHand: 3 }));

    const open = await admin.get(`/serial-conflicts?sku=${board}`);
    expect(open.status).toBe(200);
    expect(open.body.items).toEqual([
      expect.objectContaining({
        serial: onShelf, sku: board, locationCode: 'OK-REPAIR', source: 'shipment', reference, reason: 'already_tracked',
        known: { sku: board, status: 'in_stock', locationCode: 'ND-REPAIR' }, resolvedAt: null,
      }),
      expect.objectContaining({ serial: psuSerial, reason: 'other_part', known: { sku: psu, status: 'in_stock', locationCode: 'ND-REPAIR' } }),
    ]);
    expect((await admin.get(`/serials/${onShelf}`)).body.history.at(-1)).toMatchObject({ event: 'named again (shipment): unit received untracked' });

    const openGauge = async () => Number(/inventory_serial_conflicts_open\{[^}]*\} (\d+)/.exec((await admin.withKey(undefined).get('/metrics')).body)![1]);
    const openBefore = await openGauge();
    expect(openBefore).toBeGreaterThanOrEqual(2);
    const id = open.body.items[0].id;
    const asStaff = admin.withKey((await admin.post('/api-keys', { role: 'repair_staff', name: 'staff-sorting-serials' })).body.key);
    const resolved = await asStaff.post(`/serial-conflicts/${id}/resolve`, { resolution: 'ASN named the ND board; OK labelled its unit' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id, resolvedBy: 'staff-sorting-serials', resolution: 'ASN named the ND board; OK labelled its unit' });
    expect(await openGauge()).toBe(openBefore - 1);
    expect((await asStaff.post(`/serial-conflicts/${id}/resolve`, { resolution: 'again' })).status).toBe(409);
    expect((await asStaff.post(`/serial-conflicts/${randomUUID()}/resolve`, { resolution: 'x' })).status).toBe(404);
    expect((await asStaff.post(`/serial-conflicts/${id}/resolve`, {})).body.message.join()).toContain('resolution');
    expect((await admin.get(`/serial-conflicts?sku=${board}`)).body.items.map((item: { serial: string }) => item.serial)).toEqual([psuSerial]);
    expect((await admin.get(`/serial-conflicts?sku=${board}&status=resolved`)).body.items.map((item: { id: string }) => item.id)).toEqual([id]);
  });

  it('receives harvested parts once per ticket', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin, { category: 'psu' });
    const ticketId = randomUUID();
    const data = { ticketId, machineSerial: 'M-1', locationCode: 'ND-REPAIR', lines: [{ sku, quantity: 2 }] };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await publish(RepairEvents.partsHarvested.subject, {
        id: randomUUID(), type: RepairEvents.partsHarvested.subject, occurredAt: new Date().toISOString(), version: 1, data,
      });
    }
    await eventually(async () => expect(await stockRow(admin, sku, 'ND-REPAIR')).toMatchObject({ onHand: 2 }));
    await settled('inventory-on-repairs', STREAMS.repairs.name);
    expect(await stockRow(admin, sku, 'ND-REPAIR')).toMatchObject({ onHand: 2 });
    expect((await admin.get(`/stock/ledger?sku=${sku}`)).body.items).toEqual([
      expect.objectContaining({ type: 'receipt', quantity: 2, reason: 'harvest', reference: ticketId }),
    ]);
  });

  it('announces low stock once, when available drops below the reorder point', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    await receive(admin, sku, 'AR-REPAIR', 5);
    await admin.put('/stock/reorder-points', { sku, locationCode: 'AR-REPAIR', reorderPoint: 3 });
    await admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 2 });
    await admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 1 });
    await admin.post('/stock/adjustments', { sku, locationCode: 'AR-REPAIR', delta: -1, reason: 'broken' });
    const low = await eventually(async () => {
      const found = await eventsFor('inventory.stock.low', sku);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(low[0].data).toEqual({ sku, locationCode: 'AR-REPAIR', available: 2, reorderPoint: 3 });
    const reserved = await eventually(async () => {
      const found = await eventsFor('inventory.stock.reserved', sku);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(reserved[1].data).toMatchObject({ quantity: 1, balance: { onHand: 5, reserved: 3, available: 2, inTransit: 0 } });
  });

  describe('parked events, replayed by an operator', () => {
    let database: Client;

    beforeAll(async () => {
      database = new Client({ connectionString: stack.databaseUrl });
      await database.connect();
    });

    afterAll(async () => {
      await database?.end();
    });

    const delivery = (destinationCode: string, sku: string, quantity: number) => {
      const shipmentId = randomUUID();
      const data = { shipmentId, reference: `SHP-${shipmentId.slice(0, 8)}`, destinationCode, deliveredAt: new Date().toISOString(), lines: [{ sku, quantity }] };
      return { id: randomUUID(), type: ShipmentEvents.delivered.subject, occurredAt: new Date().toISOString(), version: 1, data };
    };
    /** What the consumer writes when it gives up on an event after its deliveries. */
    const parkedAs = async (envelope: { id: string }, error: string): Promise<number> =>
      Number(
        (
          await database.query(
            `INSERT INTO inventory.parked_messages (consumer, subject, event_id, payload, error, deliveries)
             VALUES ('inventory-on-shipments', $1, $2, $3, $4, 8) RETURNING id`,
            [ShipmentEvents.delivered.subject, envelope.id, JSON.stringify(envelope), error],
          )
        ).rows[0].id,
      );
    const parkedRow = async (id: number) => (await database.query(`SELECT error FROM inventory.parked_messages WHERE id = $1`, [id])).rows[0];

    it('hands a parked delivery back once its cause is fixed: it fails again until then, then is received once', async () => {
      const admin = stack.client('inventory');
      const sku = await createPart(admin, { category: 'psu' });
      const center = uniqueSku('NEWCTR');
      const envelope = delivery(center, sku, 4);
      const id = await parkedAs(envelope, `NotFound: location ${center}`);

      const early = await admin.post(`/parked-messages/${id}/replay`, {});
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('replay_failed');
      expect((await parkedRow(id)).error).toContain(center);

      const staff = admin.withKey((await admin.post('/api-keys', { role: 'repair_staff', name: 'staff-no-replays' })).body.key);
      expect((await staff.post(`/parked-messages/${id}/replay`, {})).status).toBe(403);

      expect((await admin.post('/locations', { code: center, name: 'New center', kind: 'repair_center' })).status).toBe(201);
      const replayed = await admin.post(`/parked-messages/${id}/replay`, {});
      expect(replayed.status).toBe(200);
      expect(replayed.body).toEqual({ id, outcome: 'handled' });
      expect(await stockRow(admin, sku, center)).toMatchObject({ onHand: 4 });
      expect(await parkedRow(id)).toBeUndefined();
      expect((await admin.post(`/parked-messages/${id}/replay`, {})).status).toBe(404);

      // Parked again by mistake after it was handled: replaying only unparks it.
      const again = await parkedAs(envelope, 'parked twice');
      expect((await admin.post(`/parked-messages/${again}/replay`, {})).body).toEqual({ id: again, outcome: 'already_handled' });
      expect(await stockRow(admin, sku, center)).toMatchObject({ onHand: 4 });
    });

    it('keeps an event the consumer refused as invalid parked: replaying it is 409 naming why', async () => {
      const admin = stack.client('inventory');
      const envelope = delivery('AR-REPAIR', 'NO-SUCH-QTY', -1);
      await publish(ShipmentEvents.delivered.subject, envelope);
      const parked = await eventually(async () => {
        const rows = await database.query(`SELECT id, error FROM inventory.parked_messages WHERE event_id = $1`, [envelope.id]);
        expect(rows.rows).toHaveLength(1);
        return rows.rows[0] as { id: number; error: string };
      });
      expect(parked.error).toContain('invalid event');
      const listed = await admin.get('/parked-messages');
      expect(listed.body.items.map((item: { id: number }) => item.id)).toContain(Number(parked.id));
      const replayed = await admin.post(`/parked-messages/${parked.id}/replay`, {});
      expect(replayed.status).toBe(409);
      expect(replayed.body.code).toBe('parked_message_invalid');
      expect((await admin.post('/parked-messages/not-a-number/replay', {})).status).toBe(404);
    });
  });
});
