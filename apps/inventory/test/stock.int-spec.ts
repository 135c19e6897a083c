import { Client } from 'pg';
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

  it('takes serials out with the units that leave, named or first in stock, so serials never outnumber units on hand', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin, { category: 'hashboard', serialized: true });
    const base = uniqueSku('SN');
    const [first, second, third, fourth] = ['A', 'B', 'C', 'D'].map((suffix) => `${base}-${suffix}`);
    await receive(admin, sku, 'AR-REPAIR', 3, [third, first, second]);
    const untracked = await admin.post('/stock/adjustments', { sku, locationCode: 'AR-REPAIR', delta: 2, reason: 'found, labels gone' });
    expect(untracked.body).toMatchObject({ serials: [], balance: { onHand: 5 } });

    const reservation = await admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 2, ticketId: 'ticket-7' });
    const tooMany = await admin.post(`/reservations/${reservation.body.id}/consume`, { serials: [first, second, third] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message.join('\n')).toContain('serials');
    const both = await admin.post(`/reservations/${reservation.body.id}/consume`, { serial: first, serials: [second] });
    expect(both.status).toBe(400);
    expect(both.body.message.join('\n')).toContain('serial');
    const consumed = await admin.post(`/reservations/${reservation.body.id}/consume`, { serials: [second] });
    expect(consumed.status).toBe(200);
    expect(consumed.body).toMatchObject({ status: 'consumed', serials: [second, first] });
    expect((await admin.get(`/reservations/${reservation.body.id}`)).body.serials).toEqual([second, first]);
    expect((await admin.get(`/serials/${first}`)).body).toMatchObject({ status: 'consumed', locationCode: 'AR-REPAIR' });

    const removed = await admin.post('/stock/adjustments', { sku, locationCode: 'AR-REPAIR', delta: -1, reason: 'dropped' });
    expect(removed.body).toMatchObject({ serials: [third], balance: { onHand: 2 } });
    expect((await admin.get(`/serials/${third}`)).body.history.at(-1)).toMatchObject({ event: 'adjusted_out', reference: 'dropped' });
    const notInStock = await admin.post('/stock/adjustments', { sku, locationCode: 'AR-REPAIR', delta: -1, reason: 'lost', serials: [third] });
    expect(notInStock.status).toBe(409);
    const noneLeft = await admin.post('/stock/adjustments', { sku, locationCode: 'AR-REPAIR', delta: -1, reason: 'lost' });
    expect(noneLeft.body).toMatchObject({ serials: [], balance: { onHand: 1 } });
    const labelled = await admin.post('/stock/adjustments', { sku, locationCode: 'AR-REPAIR', delta: 1, reason: 'found', serials: [fourth] });
    expect(labelled.body).toMatchObject({ serials: [fourth], balance: { onHand: 2 } });
    const miscounted = await admin.post('/stock/adjustments', { sku, locationCode: 'AR-REPAIR', delta: 2, reason: 'found', serials: [`${base}-E`] });
    expect(miscounted.status).toBe(400);

    const inStock = await admin.get(`/serials?sku=${sku}&locationCode=AR-REPAIR&status=in_stock`);
    expect(inStock.body.items.map((serial: { serial: string }) => serial.serial)).toEqual([fourth]);
    const page = await admin.get(`/serials?sku=${sku}&limit=2`);
    const rest = await admin.get(`/serials?sku=${sku}&limit=2&cursor=${page.body.nextCursor}`);
    expect([...page.body.items, ...rest.body.items].map((serial: { serial: string }) => serial.serial)).toEqual([first, second, third, fourth]);
    expect((await admin.get(`/stock/audit?sku=${sku}`)).body).toMatchObject({ ok: true, mismatches: [] });
  });

  it('labels units that came in without serials, never more than there are', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin, { category: 'hashboard', serialized: true });
    const labelled = uniqueSku('SN');
    await receive(admin, sku, 'OK-REPAIR', 1, [labelled]);
    await admin.post('/stock/adjustments', { sku, locationCode: 'OK-REPAIR', delta: 2, reason: 'returned by a site, unlabelled' });
    const [scanned, another, third] = [uniqueSku('SN'), uniqueSku('SN'), uniqueSku('SN')];
    const label = await admin.post('/serials', { sku, locationCode: 'OK-REPAIR', serials: [scanned], reference: 'scan 1' });
    expect(label.status).toBe(201);
    expect(label.body).toEqual({ sku, locationCode: 'OK-REPAIR', serials: [scanned], untracked: 1 });
    expect((await admin.get(`/serials/${scanned}`)).body).toMatchObject({
      status: 'in_stock', locationCode: 'OK-REPAIR', history: [expect.objectContaining({ event: 'labelled', reference: 'scan 1' })],
    });
    const tooMany = await admin.post('/serials', { sku, locationCode: 'OK-REPAIR', serials: [another, third] });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.message.join('\n')).toContain('without a serial: 1');
    expect((await admin.post('/serials', { sku, locationCode: 'OK-REPAIR', serials: [labelled] })).status).toBe(409);
    expect((await admin.post('/serials', { sku, locationCode: 'OK-REPAIR', serials: [another, another] })).status).toBe(400);
    expect(await stockRow(admin, sku, 'OK-REPAIR')).toMatchObject({ onHand: 3 });
    const fan = await createPart(admin);
    const unserialized = await admin.post('/serials', { sku: fan, locationCode: 'OK-REPAIR', serials: ['X-1'] });
    expect(unserialized.status).toBe(400);
    expect(unserialized.body.message.join('\n')).toContain('serials');
  });

  it('labels exactly as many units as came in untracked, whatever the concurrency', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin, { category: 'hashboard', serialized: true });
    await admin.post('/stock/adjustments', { sku, locationCode: 'ND-REPAIR', delta: 3, reason: 'delivered unlabelled' });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => admin.post('/serials', { sku, locationCode: 'ND-REPAIR', serials: [uniqueSku('SN')] })),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(7);
    const shelf = await admin.get(`/serials?sku=${sku}&locationCode=ND-REPAIR&status=in_stock`);
    expect(shelf.body.items).toHaveLength(3);
    expect((await admin.get(`/stock/audit?sku=${sku}`)).body.ok).toBe(true);
  });

  it('refuses serials for a part that is not serialized, on adjustments and consumes', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    await receive(admin, sku, 'AR-REPAIR', 3);
    const adjustment = await admin.post('/stock/adjustments', { sku, locationCode: 'AR-REPAIR', delta: -1, reason: 'x', serials: ['X-1'] });
    expect(adjustment.status).toBe(400);
    expect(adjustment.body.message.join('\n')).toContain('serials');
    const reservation = await admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 1 });
    expect((await admin.post(`/reservations/${reservation.body.id}/consume`, { serial: 'X-1' })).status).toBe(400);
    expect((await admin.post(`/reservations/${reservation.body.id}/consume`)).body).toMatchObject({ status: 'consumed', serials: [] });
  });

  it('audits a location listing more serials in stock than units on hand', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin, { category: 'hashboard', serialized: true });
    await receive(admin, sku, 'ND-REPAIR', 2, [uniqueSku('SN'), uniqueSku('SN')]);
    // Only a write around the service can break the rule; the audit must still see it. The row is put
    // back afterwards, as the whole-database audit below shares this database.
    const database = new Client({ connectionString: stack.databaseUrl });
    await database.connect();
    const setOnHand = (onHand: number) =>
      database.query(`UPDATE inventory.stock_balances SET on_hand = $2 WHERE sku = $1 AND location_code = 'ND-REPAIR'`, [sku, onHand]);
    try {
      await setOnHand(1);
      const audit = (await admin.get(`/stock/audit?sku=${sku}`)).body;
      expect(audit.ok).toBe(false);
      expect(audit.mismatches).toContainEqual({ sku, locationCode: 'ND-REPAIR', field: 'serialsInStock', stored: 2, recomputed: 1 });
    } finally {
      await setOnHand(2);
      await database.end();
    }
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
