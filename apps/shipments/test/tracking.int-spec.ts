import { randomUUID } from 'node:crypto';
import { ApiClient, TestStack } from '../../../test/support/stack';

function shipmentBody(reference: string, overrides: Record<string, unknown> = {}) {
  return {
    reference,
    originCountry: 'CN',
    originLocation: 'Shenzhen',
    destinationCode: 'AR-REPAIR',
    portOfEntry: 'Houston',
    carrier: 'COSCO',
    lines: [
      { sku: `PSU-${reference}`, quantity: 10, declaredValueUsd: '1300.00', hsCode: '8504.40.95', countryOfOrigin: 'CN' },
      { sku: `FAN-${reference}`, quantity: 30, declaredValueUsd: '450.00', hsCode: '84145965', countryOfOrigin: 'CN' },
    ],
    ...overrides,
  };
}

describe('shipments: creation, tracking events and customs holds', () => {
  let stack: TestStack;
  let client: ApiClient;

  beforeAll(async () => {
    stack = await TestStack.start(['shipments']);
    client = stack.client('shipments');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function create(reference: string, overrides: Record<string, unknown> = {}) {
    const response = await client.post('/shipments', shipmentBody(reference, overrides));
    expect(response.status).toBe(201);
    return response.body;
  }

  it('creates a shipment with status created, normalized HTS codes and an ETA with its basis', async () => {
    const shipment = await create('TRK-CREATE-1');
    expect(shipment).toMatchObject({ reference: 'TRK-CREATE-1', status: 'created', destinationCode: 'AR-REPAIR', allocationBasis: 'value', freightUsd: '0.00' });
    expect(shipment.lines[0].hsCode).toBe('85044095');
    expect(shipment.lines[1].hsCode).toBe('84145965');
    expect(typeof shipment.eta).toBe('string');
    expect(shipment.etaBasis).toMatchObject({ source: 'default', transitSampleSize: 0, transitDays: 35 });
    const listed = await client.get('/shipments?reference=TRK-CREATE-1');
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([shipment.id]);
    const detail = await client.get(`/shipments/${shipment.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.events).toEqual([]);
    expect(detail.body.duty).toMatchObject({ entryDateBasis: 'today', provisional: true });
  });

  it('answers 400 naming bad fields, 409 for a duplicate reference, 404 for unknown ids, 403 for roles', async () => {
    const bad = await client.post('/shipments', {
      ...shipmentBody('TRK-BAD-1'),
      originCountry: 'XX',
      destinationCode: 'AR-REPAIR',
      lines: [{ sku: 'X', quantity: 0, declaredValueUsd: '12.345', hsCode: '8', countryOfOrigin: 'China' }],
      extra: true,
    });
    expect(bad.status).toBe(400);
    const text = bad.body.message.join('\n');
    for (const field of ['originCountry', 'quantity', 'declaredValueUsd', 'hsCode', 'countryOfOrigin', 'extra']) expect(text).toContain(field);
    const unknownDestination = await client.post('/shipments', shipmentBody('TRK-BAD-2', { destinationCode: 'NOWHERE-1' }));
    expect(unknownDestination.status).toBe(400);
    expect(unknownDestination.body.message.join()).toContain('destinationCode');
    const repairWithoutValue = await client.post('/shipments', {
      ...shipmentBody('TRK-BAD-3'),
      lines: [{ sku: 'R', quantity: 1, declaredValueUsd: '100.00', hsCode: '8473.30', countryOfOrigin: 'CN', returnAfterRepair: true }],
    });
    expect(repairWithoutValue.status).toBe(400);
    expect(repairWithoutValue.body.message.join()).toContain('repairValueUsd');

    await create('TRK-DUP-1');
    const duplicate = await client.post('/shipments', shipmentBody('TRK-DUP-1'));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.message[0]).toContain('TRK-DUP-1');

    expect((await client.get(`/shipments/${randomUUID()}`)).status).toBe(404);
    expect((await client.get('/shipments/not-a-uuid')).status).toBe(404);
    expect((await client.post(`/shipments/${randomUUID()}/events`, { type: 'departed', at: '2025-05-01T00:00:00Z' })).status).toBe(404);

    const manager = await client.post('/api-keys', { role: 'mine_manager', name: 'trk-manager' });
    const staff = await client.post('/api-keys', { role: 'repair_staff', name: 'trk-staff' });
    expect((await client.withKey(manager.body.key).post('/shipments', shipmentBody('TRK-ROLE-1'))).status).toBe(403);
    expect((await client.withKey(staff.body.key).post('/shipments', shipmentBody('TRK-ROLE-2'))).status).toBe(403);
    const shipment = await create('TRK-ROLE-3');
    const asStaff = await client.withKey(staff.body.key).post(`/shipments/${shipment.id}/events`, { type: 'departed', at: '2025-05-01T00:00:00Z' });
    expect(asStaff.status).toBe(201);
    expect((await client.withKey(manager.body.key).post(`/shipments/${shipment.id}/events`, { type: 'exception', at: '2025-05-02T00:00:00Z' })).status).toBe(403);
  });

  it('follows the status table through a hold, refuses illegal and out-of-order events, and answers 200 for the latest event again', async () => {
    const shipment = await create('TRK-FLOW-1');
    const post = (body: Record<string, unknown>) => client.post(`/shipments/${shipment.id}/events`, body);

    const early = await post({ type: 'arrived_at_port', at: '2025-05-01T00:00:00Z' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('illegal_transition');

    const departed = await post({ type: 'departed', at: '2025-05-01T00:00:00Z', location: 'Shenzhen' });
    expect(departed.status).toBe(201);
    expect(departed.body.shipment.status).toBe('in_transit');
    expect(departed.body.event).toMatchObject({ type: 'departed', at: '2025-05-01T00:00:00.000Z', location: 'Shenzhen' });

    const again = await post({ type: 'departed', at: '2025-05-01T00:00:00.000Z', location: 'Shenzhen' });
    expect(again.status).toBe(200);
    expect(again.body.event.id).toBe(departed.body.event.id);

    const before = await post({ type: 'arrived_at_port', at: '2025-04-30T00:00:00Z' });
    expect(before.status).toBe(409);
    expect(before.body.code).toBe('event_before_previous');

    const departedTwice = await post({ type: 'departed', at: '2025-05-02T00:00:00Z' });
    expect(departedTwice.status).toBe(409);

    expect((await post({ type: 'arrived_at_port', at: '2025-05-20T00:00:00Z', holdReason: 'inspection' })).status).toBe(400);
    const arrived = await post({ type: 'arrived_at_port', at: '2025-05-20T00:00:00Z' });
    expect(arrived.status).toBe(201);
    expect(arrived.body.shipment.status).toBe('at_port');

    const noReason = await post({ type: 'customs_hold', at: '2025-05-21T00:00:00Z' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message.join()).toContain('holdReason');
    const badReason = await post({ type: 'customs_hold', at: '2025-05-21T00:00:00Z', holdReason: 'bored' });
    expect(badReason.status).toBe(400);
    expect(badReason.body.message.join()).toContain('holdReason');

    const hold = await post({
      type: 'customs_hold', at: '2025-05-21T00:00:00Z', holdReason: 'inspection', agency: 'CBP', note: 'Operation Red Sunset bench',
      dailyStorageRateUsd: '35.00', freeStorageDays: 2,
    });
    expect(hold.status).toBe(201);
    expect(hold.body.shipment.status).toBe('held');
    expect((await post({ type: 'delivered', at: '2025-05-22T00:00:00Z' })).status).toBe(409);
    const exception = await post({ type: 'exception', at: '2025-05-22T00:00:00Z', note: 'paperwork requested' });
    expect(exception.status).toBe(201);
    expect(exception.body.shipment.status).toBe('held');

    const active = await client.get('/customs/holds?active=true&limit=500');
    const held = active.body.items.find((item: { shipmentId: string }) => item.shipmentId === shipment.id);
    expect(held).toMatchObject({ reference: 'TRK-FLOW-1', reason: 'inspection', agency: 'CBP', portOfEntry: 'Houston', active: true, releasedAt: null });
    expect(held.daysHeld).toBeGreaterThan(30);
    expect(held.lines).toEqual([{ sku: 'PSU-TRK-FLOW-1', quantity: 10 }, { sku: 'FAN-TRK-FLOW-1', quantity: 30 }]);
    expect(held.storage.chargeableDays).toBe(Math.ceil(held.daysHeld) - 2);
    expect(held.storageCostUsd).toBe(`${35 * (Math.ceil(held.daysHeld) - 2)}.00`);

    const released = await post({ type: 'customs_released', at: '2025-05-31T12:00:00Z', agency: 'CBP' });
    expect(released.status).toBe(201);
    expect(released.body.shipment.status).toBe('released');
    const stillActive = await client.get('/customs/holds?active=true&limit=500');
    expect(stillActive.body.items.some((item: { shipmentId: string }) => item.shipmentId === shipment.id)).toBe(false);
    const past = await client.get('/customs/holds?active=false&limit=500');
    const closed = past.body.items.find((item: { shipmentId: string }) => item.shipmentId === shipment.id);
    expect(closed.daysHeld).toBe(10.5);
    expect(closed.storageCostUsd).toBe('315.00');

    const delivered = await post({ type: 'delivered', at: '2025-06-03T00:00:00Z', location: 'AR-REPAIR' });
    expect(delivered.status).toBe(201);
    expect(delivered.body.shipment.status).toBe('delivered');
    expect(delivered.body.shipment.eta).toBe('2025-06-03T00:00:00.000Z');
    expect((await post({ type: 'exception', at: '2025-06-04T00:00:00Z' })).status).toBe(409);
    expect((await post({ type: 'delivered', at: '2025-06-03T00:00:00Z', location: 'AR-REPAIR' })).status).toBe(200);

    const detail = await client.get(`/shipments/${shipment.id}`);
    expect(detail.body.events.map((event: { type: string }) => event.type)).toEqual([
      'departed', 'arrived_at_port', 'customs_hold', 'exception', 'customs_released', 'delivered',
    ]);
    expect(detail.body.holds).toHaveLength(1);
    expect(detail.body.duty).toMatchObject({ entryDate: '2025-05-20', entryDateBasis: 'arrived_at_port', provisional: false });
    const byStatus = await client.get('/shipments?status=delivered&limit=500');
    expect(byStatus.body.items.some((item: { id: string }) => item.id === shipment.id)).toBe(true);
  });

  it('learns ETA from delivered history on the lane', async () => {
    const shipment = await create('TRK-ETA-1', { destinationCode: 'ND-REPAIR' });
    const post = (body: Record<string, unknown>) => client.post(`/shipments/${shipment.id}/events`, body);
    await post({ type: 'departed', at: '2025-03-01T00:00:00Z' });
    await post({ type: 'arrived_at_port', at: '2025-03-20T00:00:00Z' });
    await post({ type: 'delivered', at: '2025-03-25T00:00:00Z' });
    const next = await create('TRK-ETA-2', { destinationCode: 'ND-REPAIR' });
    expect(next.etaBasis).toMatchObject({ source: 'lane_history', transitSampleSize: 1, transitDays: 24 });
    const departed = await client.post(`/shipments/${next.id}/events`, { type: 'departed', at: '2025-07-01T00:00:00Z' });
    expect(departed.body.shipment.eta.slice(0, 10)).toBe(
      new Date(Date.parse('2025-07-01T00:00:00Z') + (24 + departed.body.shipment.etaBasis.expectedDwellDays) * 86_400_000).toISOString().slice(0, 10),
    );
  });

  it('replays an Idempotency-Key and 422s the same key with another body', async () => {
    const headers = { 'idempotency-key': 'trk-idem-1' };
    const first = await client.post('/shipments', shipmentBody('TRK-IDEM-1'), headers);
    expect(first.status).toBe(201);
    const second = await client.post('/shipments', shipmentBody('TRK-IDEM-1'), headers);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect((await client.post('/shipments', shipmentBody('TRK-IDEM-2'), headers)).status).toBe(422);
    const eventHeaders = { 'idempotency-key': 'trk-idem-event-1' };
    const event = await client.post(`/shipments/${first.body.id}/events`, { type: 'departed', at: '2025-05-01T00:00:00Z' }, eventHeaders);
    expect(event.status).toBe(201);
    expect((await client.post(`/shipments/${first.body.id}/events`, { type: 'departed', at: '2025-05-01T00:00:00Z' }, eventHeaders)).status).toBe(201);
    expect((await client.post(`/shipments/${first.body.id}/events`, { type: 'exception', at: '2025-05-02T00:00:00Z' }, eventHeaders)).status).toBe(422);
  });

  it('serves its OpenAPI document with the routes', async () => {
    const docs = await client.withKey(undefined).get('/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/shipments', '/shipments/{id}', '/shipments/{id}/events', '/shipments/{id}/duty', '/customs/holds', '/tariffs', '/tariffs/lookup',
        '/tariffs/what-if', '/reports/shipments', '/reports/holds', '/reports/duty', '/settings',
      ]),
    );
  });
});
