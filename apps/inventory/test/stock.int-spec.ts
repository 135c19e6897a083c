import { TestStack } from '../../../test/support/stack';
import { createPart, receive, stockRow, uniqueSku } from './fixtures';

jest.setTimeout(30_000);

describe('inventory: stock ledger, serials and transfers', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('receives serialized parts only with exactly `quantity` unique serials, and never a serial already in stock', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin, { category: 'hashboard', serialized: true });
    const serials = [uniqueSku('SN'), uniqueSku('SN')];
    for (const bad of [undefined, [serials[0]], [serials[0], serials[0]]]) {
      const response = await admin.post('/stock/receipts', { sku, locationCode: 'AR-REPAIR', quantity: 2, ...(bad ? { serials: bad } : {}) });
      expect(response.status).toBe(400);
      expect(response.body.message.join('\n')).toContain('serials');
    }
    const received = await admin.post('/stock/receipts', { sku, locationCode: 'AR-REPAIR', quantity: 2, serials, reference: 'PO-1' });
    expect(received.status).toBe(201);
    expect(received.body.balance).toEqual({ onHand: 2, reserved: 0, available: 2, inTransit: 0 });
    expect(received.body.entry).toMatchObject({ sku, locationCode: 'AR-REPAIR', type: 'receipt', quantity: 2, reference: 'PO-1' });
    const again = await admin.post('/stock/receipts', { sku, locationCode: 'ND-REPAIR', quantity: 1, serials: [serials[1]] });
    expect(again.status).toBe(409);
    expect(again.body.message[0]).toContain(serials[1]);
    const fan = await createPart(admin);
    const unserialized = await admin.post('/stock/receipts', { sku: fan, locationCode: 'AR-REPAIR', quantity: 1, serials: ['X-1'] });
    expect(unserialized.status).toBe(400);
    expect(unserialized.body.message.join('\n')).toContain('serials');
    expect(await stockRow(admin, sku, 'AR-REPAIR')).toMatchObject({ onHand: 2 });
    expect((await admin.get(`/serials/${serials[0]}`)).body).toMatchObject({ sku, status: 'in_stock', locationCode: 'AR-REPAIR' });
  });

  it('follows a serial through a transfer and into a machine', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin, { category: 'hashboard', serialized: true });
    const serials = [uniqueSku('SN'), uniqueSku('SN')];
    await receive(admin, sku, 'AR-REPAIR', 2, serials);
    const transfer = await admin.post('/stock/transfers', { sku, fromLocationCode: 'AR-REPAIR', toLocationCode: 'OK-REPAIR', quantity: 1, serials: [serials[1]] });
    expect(transfer.status).toBe(201);
    expect(transfer.body).toMatchObject({ status: 'in_transit', serials: [serials[1]] });
    expect((await admin.get(`/serials/${serials[1]}`)).body.status).toBe('in_transit');
    expect((await admin.post(`/stock/transfers/${transfer.body.id}/receive`)).status).toBe(200);
    const reservation = await admin.post('/reservations', { sku, locationCode: 'OK-REPAIR', quantity: 1, ticketId: 'ticket-42' });
    expect(reservation.status).toBe(201);
    const wrongSerial = await admin.post(`/reservations/${reservation.body.id}/consume`, { serial: serials[0] });
    expect(wrongSerial.status).toBe(409);
    const consumed = await admin.post(`/reservations/${reservation.body.id}/consume`, { serial: serials[1] });
    expect(consumed.status).toBe(200);
    const history = (await admin.get(`/serials/${serials[1]}`)).body;
    expect(history.status).toBe('consumed');
    expect(history.history.map((event: { event: string }) => event.event)).toEqual(['received (receipt)', 'transfer_out', 'transfer_in', 'consumed']);
    expect(history.history[3]).toMatchObject({ locationCode: 'OK-REPAIR', reference: 'ticket-42' });
  });

  it('transfers: stock leaves at once, shows in transit at the destination, lands once', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    await receive(admin, sku, 'AR-REPAIR', 10);
    expect((await admin.post('/stock/transfers', { sku, fromLocationCode: 'AR-REPAIR', toLocationCode: 'ND-REPAIR', quantity: 11 })).status).toBe(409);
    const transfer = await admin.post('/stock/transfers', { sku, fromLocationCode: 'AR-REPAIR', toLocationCode: 'ND-REPAIR', quantity: 4 });
    expect(transfer.status).toBe(201);
    expect(transfer.body).toMatchObject({ id: expect.any(String), status: 'in_transit', quantity: 4 });
    expect(await stockRow(admin, sku, 'AR-REPAIR')).toMatchObject({ onHand: 6, available: 6, inTransit: 0 });
    expect(await stockRow(admin, sku, 'ND-REPAIR')).toMatchObject({ onHand: 0, available: 0, inTransit: 4 });
    const landed = await admin.post(`/stock/transfers/${transfer.body.id}/receive`);
    expect(landed.status).toBe(200);
    expect(landed.body).toMatchObject({ status: 'received', receivedAt: expect.any(String) });
    expect((await admin.post(`/stock/transfers/${transfer.body.id}/receive`)).status).toBe(409);
    expect(await stockRow(admin, sku, 'ND-REPAIR')).toMatchObject({ onHand: 4, available: 4, inTransit: 0 });
    expect((await admin.get(`/stock/transfers/${transfer.body.id}`)).body.status).toBe('received');
    const listed = await admin.get(`/stock/transfers?sku=${sku}`);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([transfer.body.id]);
  });

  it('keeps the ledger and the balances in agreement over a mixed sequence, in order', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    await receive(admin, sku, 'AR-REPAIR', 20);
    await admin.post('/stock/adjustments', { sku, locationCode: 'AR-REPAIR', delta: -3, reason: 'damaged' });
    const transfer = await admin.post('/stock/transfers', { sku, fromLocationCode: 'AR-REPAIR', toLocationCode: 'OK-REPAIR', quantity: 5 });
    const reservation = await admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 4 });
    await admin.post(`/reservations/${reservation.body.id}/consume`);
    const released = await admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 2 });
    await admin.delete(`/reservations/${released.body.id}`);
    await admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 3 });
    await admin.post(`/stock/transfers/${transfer.body.id}/receive`);
    await admin.post('/stock/adjustments', { sku, locationCode: 'OK-REPAIR', delta: 2, reason: 'found' });
    expect(await stockRow(admin, sku, 'AR-REPAIR')).toMatchObject({ onHand: 8, reserved: 3, available: 5, inTransit: 0 });
    expect(await stockRow(admin, sku, 'OK-REPAIR')).toMatchObject({ onHand: 7, reserved: 0, available: 7, inTransit: 0 });
    const ledger = await admin.get(`/stock/ledger?sku=${sku}`);
    expect(ledger.body.items.map((entry: { type: string; quantity: number }) => [entry.type, entry.quantity])).toEqual([
      ['receipt', 20], ['adjustment', -3], ['transfer_out', -5], ['consume', -4], ['transfer_in', 5], ['adjustment', 2],
    ]);
    const ids = ledger.body.items.map((entry: { id: number }) => entry.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(ledger.body.items[1]).toMatchObject({ reason: 'damaged', actor: expect.any(String), at: expect.any(String) });
    const page = await admin.get(`/stock/ledger?sku=${sku}&locationCode=AR-REPAIR&limit=2`);
    const next = await admin.get(`/stock/ledger?sku=${sku}&locationCode=AR-REPAIR&limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((entry: { type: string }) => entry.type)).toEqual(['transfer_out', 'consume']);
    const audit = await admin.get(`/stock/audit?sku=${sku}`);
    expect(audit.body).toEqual({ ok: true, rowsChecked: 2, mismatches: [] });
  });

  it('lists stock below its reorder point', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    await receive(admin, sku, 'AR-REPAIR', 5);
    const set = await admin.put('/stock/reorder-points', { sku, locationCode: 'AR-REPAIR', reorderPoint: 4 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ sku, locationCode: 'AR-REPAIR', onHand: 5, reorderPoint: 4 });
    const lowBefore = await admin.get(`/stock/low?sku=${sku}`);
    expect(lowBefore.body.items).toEqual([]);
    await admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 2 });
    const low = await admin.get(`/stock/low?sku=${sku}`);
    expect(low.body.items).toEqual([expect.objectContaining({ sku, available: 3, reorderPoint: 4 })]);
  });

  it('audits the whole database without a mismatch', async () => {
    const audit = await stack.client('inventory').get('/stock/audit');
    expect(audit.body.mismatches).toEqual([]);
    expect(audit.body.ok).toBe(true);
  });
});
