import { InventoryRequests, type ReplyEnvelope, type ReserveStockReply } from '@app/common';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { ReservationExpiry } from '../src/reservations/reservation-expiry';
import { TestStack } from '../../../test/support/stack';
import { createPart, receive, stockRow } from './fixtures';

jest.setTimeout(30_000);

describe('inventory: reservations', () => {
  let stack: TestStack;
  let nc: NatsConnection;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory']);
    nc = await connect({ servers: stack.nats.url });
  });

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  async function ask<T>(subject: string, payload: object): Promise<ReplyEnvelope<T>> {
    const message = await nc.request(subject, Buffer.from(JSON.stringify(payload)), { timeout: 3000 });
    return JSON.parse(message.string());
  }

  it('1,000 concurrent requests against a stock of 100 confirm exactly 100', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    await receive(admin, sku, 'ND-REPAIR', 100);
    const statuses: number[] = [];
    for (let batch = 0; batch < 20; batch += 1) {
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => admin.post('/reservations', { sku, locationCode: 'ND-REPAIR', quantity: 1 })),
      );
      statuses.push(...responses.map((response) => response.status));
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(100);
    expect(statuses.filter((status) => status === 409)).toHaveLength(900);
    expect(await stockRow(admin, sku, 'ND-REPAIR')).toMatchObject({ onHand: 100, reserved: 100, available: 0 });
    const confirmed = await admin.get(`/reservations?sku=${sku}&status=confirmed&limit=500`);
    expect(confirmed.body.items).toHaveLength(100);
    expect((await admin.get(`/stock/audit?sku=${sku}`)).body.ok).toBe(true);
  });

  it('never refuses what the stock covers: 40 concurrent requests for 40 units all confirm', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    await receive(admin, sku, 'AR-REPAIR', 40);
    const responses = await Promise.all(
      Array.from({ length: 40 }, () => admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 1 })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(40).fill(201));
  });

  it('consume lowers reserved and on-hand and writes the ledger; release frees stock; history is kept', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    await receive(admin, sku, 'OK-REPAIR', 5);
    const first = await admin.post('/reservations', { sku, locationCode: 'OK-REPAIR', quantity: 2, ticketId: 'T-1' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: expect.any(String), status: 'confirmed', ticketId: 'T-1' });
    expect(await stockRow(admin, sku, 'OK-REPAIR')).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
    const consumed = await admin.post(`/reservations/${first.body.id}/consume`);
    expect(consumed.status).toBe(200);
    expect(consumed.body).toMatchObject({ status: 'consumed', balance: { onHand: 3, reserved: 0, available: 3, inTransit: 0 } });
    const ledger = await admin.get(`/stock/ledger?sku=${sku}`);
    expect(ledger.body.items.at(-1)).toMatchObject({ type: 'consume', quantity: -2, reference: 'T-1' });
    const second = await admin.post('/reservations', { sku, locationCode: 'OK-REPAIR', quantity: 3, ticketId: 'T-1' });
    const released = await admin.delete(`/reservations/${second.body.id}`);
    expect(released.status).toBe(200);
    expect(released.body.status).toBe('released');
    expect(await stockRow(admin, sku, 'OK-REPAIR')).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    const detail = await admin.get(`/reservations/${first.body.id}`);
    expect(detail.body.history.map((event: { status: string }) => event.status)).toEqual(['confirmed', 'consumed']);
    const byTicket = await admin.get('/reservations?ticketId=T-1&status=released');
    expect(byTicket.body.items.map((item: { id: string }) => item.id)).toContain(second.body.id);
  });

  it('expires reservations past their expiresAt through the sweep', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    await receive(admin, sku, 'AR-REPAIR', 3);
    const soon = new Date(Date.now() + 300).toISOString();
    const expiring = await admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 2, expiresAt: soon });
    const kept = await admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 1 });
    expect(expiring.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // The service's own periodic sweep may have got there first: either way the reservation is expired after this one.
    await stack.services.get('inventory')!.app.get(ReservationExpiry).sweep();
    expect((await admin.get(`/reservations/${expiring.body.id}`)).body.status).toBe('expired');
    expect((await admin.get(`/reservations/${kept.body.id}`)).body.status).toBe('confirmed');
    expect(await stockRow(admin, sku, 'AR-REPAIR')).toMatchObject({ onHand: 3, reserved: 1, available: 2 });
    expect((await admin.post(`/reservations/${expiring.body.id}/consume`)).status).toBe(409);
  });

  it('answers reserve, release and consume over NATS request-reply, idempotent by requestId', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    await receive(admin, sku, 'ND-REPAIR', 3);
    const requestId = randomUUID();
    const request = { requestId, sku, locationCode: 'ND-REPAIR', quantity: 2, ticketId: randomUUID() };
    const reserved = await ask<ReserveStockReply>(InventoryRequests.reserve.subject, request);
    expect(reserved).toEqual({
      ok: true,
      result: { status: 'reserved', reservationId: expect.any(String), balance: { onHand: 3, reserved: 2, available: 1, inTransit: 0 } },
    });
    const [again, concurrent] = await Promise.all([
      ask<ReserveStockReply>(InventoryRequests.reserve.subject, request),
      ask<ReserveStockReply>(InventoryRequests.reserve.subject, request),
    ]);
    const reservationId = reserved.ok && reserved.result.status === 'reserved' ? reserved.result.reservationId : '';
    for (const reply of [again, concurrent]) expect(reply).toMatchObject({ ok: true, result: { status: 'reserved', reservationId } });
    expect(await stockRow(admin, sku, 'ND-REPAIR')).toMatchObject({ reserved: 2 });
    const short = await ask<ReserveStockReply>(InventoryRequests.reserve.subject, { ...request, requestId: randomUUID() });
    expect(short).toEqual({ ok: true, result: { status: 'short', available: 1, missing: 1 } });
    const unknown = await ask(InventoryRequests.reserve.subject, { ...request, requestId: randomUUID(), sku: `${sku}-NOPE` });
    expect(unknown).toMatchObject({ ok: false, error: { status: 404, code: 'not_found' } });
    const invalid = await ask(InventoryRequests.reserve.subject, { sku });
    expect(invalid).toMatchObject({ ok: false, error: { status: 400 } });
    expect(await ask(InventoryRequests.consume.subject, { reservationId })).toEqual({ ok: true, result: { reservationId, status: 'consumed', serials: [] } });
    expect(await ask(InventoryRequests.release.subject, { reservationId })).toMatchObject({ ok: false, error: { status: 409 } });
    expect(await stockRow(admin, sku, 'ND-REPAIR')).toMatchObject({ onHand: 1, reserved: 0, available: 1 });
  });
});
