import { TestStack } from '../../../test/support/stack';
import { createPart, receive, stockRow, uniqueSku } from './fixtures';

jest.setTimeout(30_000);

describe('inventory: parts catalog, and every error status of the stock routes', () => {
  let stack: TestStack;
  let staffKey: string;
  let erpKey: string;
  let managerKey: string;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory']);
    const admin = stack.client('inventory');
    const [staff, erp, manager] = await Promise.all(
      (['repair_staff', 'erp', 'mine_manager'] as const).map((role) => admin.post('/api-keys', { role, name: `${role}-catalog` })),
    );
    staffKey = staff.body.key;
    erpKey = erp.body.key;
    managerKey = manager.body.key;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('creates a part (201), refuses a duplicate SKU (409), and reads it back with exact money', async () => {
    const asErp = stack.client('inventory', erpKey);
    const sku = uniqueSku('HB');
    const created = await asErp.post('/parts', {
      sku, name: 'S19 hashboard', category: 'hashboard', compatibleModels: ['S19', 'S19 Pro'], serialized: true, unitCostUsd: '550.5',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sku, category: 'hashboard', serialized: true, unitCostUsd: '550.50', compatibleModels: ['S19', 'S19 Pro'] });
    const again = await asErp.post('/parts', { sku, name: 'other', category: 'fan' });
    expect(again.status).toBe(409);
    expect(again.body.message[0]).toContain(sku);
    expect((await asErp.get(`/parts/${sku}`)).body).toEqual(created.body);
    expect((await asErp.get(`/parts/${uniqueSku()}`)).status).toBe(404);
    const minimal = await asErp.post('/parts', { sku: uniqueSku(), name: 'fan', category: 'fan' });
    expect(minimal.body).toMatchObject({ serialized: false, unitCostUsd: null, compatibleModels: [] });
  });

  it('lists parts by category with a cursor', async () => {
    const admin = stack.client('inventory');
    const skus = [uniqueSku('PSU'), uniqueSku('PSU'), uniqueSku('PSU')].sort();
    for (const sku of skus) await createPart(admin, { sku, category: 'psu' });
    const first = await admin.get('/parts?category=psu&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.every((part: { category: string }) => part.category === 'psu')).toBe(true);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ sku: string }>; nextCursor: string | null } } = await admin.get(
        `/parts?category=psu&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      all.push(...page.body.items.map((part) => part.sku));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toEqual(expect.arrayContaining(skus));
    expect((await admin.get('/parts?category=moon')).status).toBe(400);
  });

  it('400 names every bad field', async () => {
    const admin = stack.client('inventory');
    const part = await admin.post('/parts', { sku: '', category: 'engine', unitCostUsd: 5.5, serialized: 'yes', extra: 1 });
    expect(part.status).toBe(400);
    for (const field of ['sku', 'name', 'category', 'unitCostUsd', 'serialized', 'extra']) expect(part.body.message.join('\n')).toContain(field);
    const receipt = await admin.post('/stock/receipts', { sku: 'X', locationCode: '', quantity: 0 });
    expect(receipt.status).toBe(400);
    for (const field of ['locationCode', 'quantity']) expect(receipt.body.message.join('\n')).toContain(field);
    const adjustment = await admin.post('/stock/adjustments', { sku: 'X', locationCode: 'AR-REPAIR', delta: 0 });
    expect(adjustment.status).toBe(400);
    for (const field of ['delta', 'reason']) expect(adjustment.body.message.join('\n')).toContain(field);
    const fractional = await admin.post('/stock/adjustments', { sku: 'X', locationCode: 'AR-REPAIR', delta: 1.5, reason: 'x' });
    expect(fractional.status).toBe(400);
    const transfer = await admin.post('/stock/transfers', { sku: 'X', fromLocationCode: 'AR-REPAIR', toLocationCode: 'AR-REPAIR', quantity: 1 });
    expect(transfer.status).toBe(400);
    expect(transfer.body.message.join('\n')).toContain('toLocationCode');
    const reservation = await admin.post('/reservations', { sku: 'X', locationCode: 'AR-REPAIR', quantity: -1, expiresAt: 'soon' });
    expect(reservation.status).toBe(400);
    for (const field of ['quantity', 'expiresAt']) expect(reservation.body.message.join('\n')).toContain(field);
    const reorder = await admin.put('/stock/reorder-points', { sku: 'X', locationCode: 'AR-REPAIR', reorderPoint: -1 });
    expect(reorder.status).toBe(400);
    expect(reorder.body.message.join('\n')).toContain('reorderPoint');
    const malformed = await admin.request('POST', '/stock/receipts', '{"sku":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect((await admin.get('/stock/ledger?cursor=nonsense')).status).toBe(400);
  });

  it('401 without a valid key, 403 for roles not allowed', async () => {
    const anonymous = stack.client('inventory').withKey(undefined);
    for (const path of ['/parts', '/stock', '/stock/ledger', '/stock/low', '/stock/transfers', '/reservations']) {
      expect((await anonymous.get(path)).status).toBe(401);
    }
    expect((await anonymous.post('/stock/receipts', { sku: 'X', locationCode: 'AR-REPAIR', quantity: 1 })).status).toBe(401);
    const sku = await createPart(stack.client('inventory'));
    const body = { sku, locationCode: 'AR-REPAIR', quantity: 1 };
    const asManager = stack.client('inventory', managerKey);
    const asErp = stack.client('inventory', erpKey);
    const asStaff = stack.client('inventory', staffKey);
    expect((await asManager.get('/stock')).status).toBe(200);
    expect((await asManager.post('/stock/receipts', body)).status).toBe(403);
    expect((await asManager.post('/parts', { sku: uniqueSku(), name: 'x', category: 'fan' })).status).toBe(403);
    expect((await asStaff.post('/parts', { sku: uniqueSku(), name: 'x', category: 'fan' })).status).toBe(403);
    expect((await asErp.post('/stock/receipts', body)).status).toBe(201);
    expect((await asStaff.post('/stock/receipts', body)).status).toBe(201);
    expect((await asErp.post('/stock/adjustments', { ...body, delta: 1, reason: 'count', quantity: undefined })).status).toBe(403);
    expect((await asErp.post('/reservations', body)).status).toBe(403);
    expect((await asManager.post('/reservations', body)).status).toBe(403);
    expect((await asErp.post('/stock/transfers', { sku, fromLocationCode: 'AR-REPAIR', toLocationCode: 'OK-REPAIR', quantity: 1 })).status).toBe(403);
    expect((await asManager.put('/stock/reorder-points', { sku, locationCode: 'AR-REPAIR', reorderPoint: 1 })).status).toBe(403);
    expect((await asErp.put('/stock/reorder-points', { sku, locationCode: 'AR-REPAIR', reorderPoint: 1 })).status).toBe(200);
    const reservation = await asStaff.post('/reservations', body);
    expect(reservation.status).toBe(201);
    expect((await asErp.delete(`/reservations/${reservation.body.id}`)).status).toBe(403);
    expect((await asStaff.delete(`/reservations/${reservation.body.id}`)).status).toBe(200);
  });

  it('404 names the unknown SKU, location or id', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    const ghostSku = uniqueSku('GHOST');
    const unknownPart = await admin.post('/stock/receipts', { sku: ghostSku, locationCode: 'AR-REPAIR', quantity: 1 });
    expect(unknownPart.status).toBe(404);
    expect(unknownPart.body.message[0]).toContain(`part ${ghostSku}`);
    const unknownLocation = await admin.post('/stock/receipts', { sku, locationCode: 'NOWHERE', quantity: 1 });
    expect(unknownLocation.status).toBe(404);
    expect(unknownLocation.body.message[0]).toContain('location NOWHERE');
    const transfer = await admin.post('/stock/transfers', { sku, fromLocationCode: 'AR-REPAIR', toLocationCode: 'NOWHERE', quantity: 1 });
    expect(transfer.status).toBe(404);
    expect(transfer.body.message[0]).toContain('NOWHERE');
    expect((await admin.post('/reservations', { sku: ghostSku, locationCode: 'AR-REPAIR', quantity: 1 })).status).toBe(404);
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await admin.get(`/reservations/${id}`)).status).toBe(404);
    expect((await admin.get('/reservations/not-a-uuid')).status).toBe(404);
    expect((await admin.post(`/reservations/${id}/consume`)).status).toBe(404);
    expect((await admin.delete(`/reservations/${id}`)).status).toBe(404);
    expect((await admin.get(`/stock/transfers/${id}`)).status).toBe(404);
    expect((await admin.post(`/stock/transfers/${id}/receive`)).status).toBe(404);
    expect((await admin.get(`/serials/${uniqueSku('SN')}`)).status).toBe(404);
  });

  it('409 for what is valid but impossible now', async () => {
    const admin = stack.client('inventory');
    const sku = await createPart(admin);
    await receive(admin, sku, 'AR-REPAIR', 3);
    const reservation = await admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 2 });
    expect(reservation.status).toBe(201);
    const belowReserved = await admin.post('/stock/adjustments', { sku, locationCode: 'AR-REPAIR', delta: -2, reason: 'count' });
    expect(belowReserved.status).toBe(409);
    expect(belowReserved.body.code).toBe('insufficient_stock');
    expect((await admin.post('/reservations', { sku, locationCode: 'AR-REPAIR', quantity: 2 })).status).toBe(409);
    expect((await admin.post('/stock/transfers', { sku, fromLocationCode: 'AR-REPAIR', toLocationCode: 'OK-REPAIR', quantity: 2 })).status).toBe(409);
    expect((await admin.delete(`/reservations/${reservation.body.id}`)).status).toBe(200);
    const closed = await admin.post(`/reservations/${reservation.body.id}/consume`);
    expect(closed.status).toBe(409);
    expect(closed.body.message[0]).toContain('released');
    expect((await admin.delete(`/reservations/${reservation.body.id}`)).status).toBe(409);
    expect(await stockRow(admin, sku, 'AR-REPAIR')).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
  });

  it('413 for a body over 1 MiB, and 422 for an Idempotency-Key reused with another body', async () => {
    const admin = stack.client('inventory');
    const huge = await admin.post('/stock/receipts', { sku: 'X', locationCode: 'AR-REPAIR', quantity: 1, reference: 'x'.repeat(1024 * 1024 + 1) });
    expect(huge.status).toBe(413);
    const sku = await createPart(admin);
    const headers = { 'idempotency-key': `receipt-${sku}` };
    const body = { sku, locationCode: 'ND-REPAIR', quantity: 4 };
    const [first, second] = await Promise.all([admin.post('/stock/receipts', body, headers), admin.post('/stock/receipts', body, headers)]);
    expect(first.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect((await admin.post('/stock/receipts', { ...body, quantity: 5 }, headers)).status).toBe(422);
    expect(await stockRow(admin, sku, 'ND-REPAIR')).toMatchObject({ onHand: 4 });
  });

  it('documents every inventory route in /docs-json', async () => {
    const docs = await stack.client('inventory').withKey(undefined).get('/docs-json');
    const paths = Object.keys(docs.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/parts', '/parts/{sku}', '/stock', '/stock/receipts', '/stock/adjustments', '/stock/transfers', '/stock/transfers/{id}',
        '/stock/transfers/{id}/receive', '/stock/ledger', '/stock/low', '/stock/audit', '/stock/reorder-points', '/serials', '/serials/{serial}',
        '/reservations', '/reservations/{id}', '/reservations/{id}/consume',
      ]),
    );
    const receipt = docs.body.paths['/stock/receipts'].post;
    expect(Object.keys(receipt.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '409']));
    expect(docs.body.components.schemas.ReceiptDto.properties).toHaveProperty('serials');
  });
});
