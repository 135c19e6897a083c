import { eventually, TestStack, type ApiClient } from '../../../test/support/stack';
import { createMachine, createPart, move, openTicket, receive, stock, unique } from './fixtures';

describe('repairs: tickets, the state machine and errors', () => {
  let stack: TestStack;
  let repairs: ApiClient;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory', 'repairs']);
    repairs = stack.client('repairs');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('registers a machine, derives its maker, and refuses a duplicate serial with 409', async () => {
    const serial = unique('S21');
    const created = await repairs.post('/machines', { serial, model: 'Antminer S21', siteCode: 'TX-1', hashrateThs: 200, powerW: 3500 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ serial, maker: 'Bitmain', state: 'running', currentTicket: null, components: [] });
    const whatsminer = await repairs.post('/machines', { serial: unique('M60'), model: 'M60', siteCode: 'TX-1', hashrateThs: 172, powerW: 3400 });
    expect(whatsminer.body.maker).toBe('MicroBT');
    const duplicate = await repairs.post('/machines', { serial, model: 'S21', siteCode: 'TX-2', hashrateThs: 1, powerW: 1 });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.message[0]).toContain(serial);
    expect((await repairs.get(`/machines/${serial}`)).body.siteCode).toBe('TX-1');
    expect((await repairs.get(`/machines/${unique('NOPE')}`)).status).toBe(404);
  });

  it('answers 400 naming every bad field, 401 without a key and 403 for a role not allowed', async () => {
    const bad = await repairs.post('/machines', { serial: '', hashrateThs: -1, powerW: 1.5, color: 'red' });
    expect(bad.status).toBe(400);
    const text = bad.body.message.join('\n');
    for (const field of ['serial', 'model', 'siteCode', 'hashrateThs', 'powerW', 'color']) expect(text).toContain(field);
    expect((await repairs.withKey(undefined).get('/tickets')).status).toBe(401);
    const manager = await repairs.post('/api-keys', { role: 'mine_manager', name: unique('manager') });
    const asManager = repairs.withKey(manager.body.key);
    expect((await asManager.get('/fleet/idle')).status).toBe(200);
    expect((await asManager.post('/tickets', { machineSerial: 'x', component: 'psu', repairCenterCode: 'AR-REPAIR' })).status).toBe(403);
    expect((await asManager.post('/machines', { serial: 'x', model: 'S21', siteCode: 'A', hashrateThs: 1, powerW: 1 })).status).toBe(403);
    const malformed = await repairs.request('POST', '/tickets', '{"machineSerial":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
  });

  it('opens a ticket (201 reported), 404s an unknown machine, 400s an unknown center, 409s a second open ticket naming it', async () => {
    const serial = await createMachine(repairs);
    const created = await repairs.post('/tickets', { machineSerial: serial, component: 'psu', repairCenterCode: 'ND-REPAIR', faultCode: 'PSU-DEAD' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'reported', machineSerial: serial, idleReason: 'awaiting_diagnosis', allowedMoves: ['received', 'cancelled'] });
    expect(created.body.history).toHaveLength(1);

    expect((await repairs.post('/tickets', { machineSerial: unique('NONE'), component: 'psu', repairCenterCode: 'AR-REPAIR' })).status).toBe(404);
    const unknownCenter = await repairs.post('/tickets', { machineSerial: serial, component: 'psu', repairCenterCode: 'MOON-REPAIR' });
    expect(unknownCenter.status).toBe(400);
    expect(unknownCenter.body.message.join()).toContain('repairCenterCode');
    const badComponent = await repairs.post('/tickets', { machineSerial: serial, component: 'engine', repairCenterCode: 'AR-REPAIR' });
    expect(badComponent.status).toBe(400);

    const second = await repairs.post('/tickets', { machineSerial: serial, component: 'fan', repairCenterCode: 'AR-REPAIR' });
    expect(second.status).toBe(409);
    expect(second.body.message[0]).toContain(created.body.id);
    expect((await repairs.get(`/machines/${serial}`)).body).toMatchObject({ state: 'idle', currentTicket: { id: created.body.id } });
  });

  it('learns a location created in inventory, so it can be a repair center', async () => {
    const code = unique('TX-REPAIR');
    expect((await stack.client('inventory').post('/locations', { code, name: 'Texas', kind: 'repair_center' })).status).toBe(201);
    const serial = await createMachine(repairs);
    await eventually(async () => {
      expect((await repairs.post('/tickets', { machineSerial: serial, component: 'fan', repairCenterCode: code })).status).toBe(201);
    });
  });

  it('walks the state machine with full history, and answers an illegal move with 409 naming the allowed ones', async () => {
    const serial = await createMachine(repairs);
    const id = await openTicket(repairs, serial);
    const illegal = await repairs.post(`/tickets/${id}/transitions`, { to: 'repairing' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.message[0]).toContain('received, cancelled');
    expect(illegal.body.details.allowed).toEqual(['received', 'cancelled']);
    expect((await repairs.post(`/tickets/${id}/transitions`, { to: 'flying' })).status).toBe(400);
    await move(repairs, id, 'received', 'diagnosing', 'repairing', 'testing', 'ready_to_return');
    const returned = await repairs.post(`/tickets/${id}/transitions`, { to: 'returned', note: 'back on site' });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    const ticket = (await repairs.get(`/tickets/${id}`)).body;
    expect(ticket.history.map((entry: { to: string }) => entry.to)).toEqual(
      ['reported', 'received', 'diagnosing', 'repairing', 'testing', 'ready_to_return', 'returned'],
    );
    expect(ticket.history[6]).toMatchObject({ from: 'ready_to_return', note: 'back on site', by: expect.any(String) });
    const final = await repairs.post(`/tickets/${id}/transitions`, { to: 'received' });
    expect(final.status).toBe(409);
    expect(final.body.message[0]).toContain('none (final)');
    expect((await repairs.get(`/machines/${serial}`)).body).toMatchObject({ state: 'running', currentTicket: null });
    // The machine may have a new ticket now.
    await openTicket(repairs, serial);
    expect((await repairs.get('/tickets/not-a-uuid')).status).toBe(404);
    expect((await repairs.get('/tickets/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await repairs.post('/tickets/00000000-0000-4000-8000-000000000000/transitions', { to: 'received' })).status).toBe(404);
  });

  it('lists tickets with filters and a cursor', async () => {
    const site = unique('LIST');
    for (let i = 0; i < 3; i++) await openTicket(repairs, await createMachine(repairs, { siteCode: site }), { component: 'fan' });
    const first = await repairs.get(`/tickets?siteCode=${site}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await repairs.get(`/tickets?siteCode=${site}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect((await repairs.get(`/tickets?siteCode=${site}&component=psu`)).body.items).toHaveLength(0);
    expect((await repairs.get(`/tickets?siteCode=${site}&status=reported&olderThanDays=0`)).body.items).toHaveLength(3);
    expect((await repairs.get(`/tickets?siteCode=${site}&olderThanDays=1`)).body.items).toHaveLength(0);
    expect((await repairs.get(`/machines?siteCode=${site}&state=idle`)).body.items).toHaveLength(3);
    expect((await repairs.get(`/machines?siteCode=${site}&state=running`)).body.items).toHaveLength(0);
  });

  it('lists one machine’s repair history, oldest first', async () => {
    const serial = await createMachine(repairs);
    const earlier = await openTicket(repairs, serial, { component: 'fan' });
    await move(repairs, earlier, 'received', 'diagnosing', 'ready_to_return', 'returned');
    const later = await openTicket(repairs, serial, { component: 'psu' });
    await openTicket(repairs, await createMachine(repairs));
    const history = await repairs.get(`/tickets?machineSerial=${serial}`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((ticket: { id: string; status: string }) => [ticket.id, ticket.status])).toEqual([[earlier, 'returned'], [later, 'reported']]);
    expect((await repairs.get(`/tickets?machineSerial=${unique('NOPE')}`)).body.items).toEqual([]);
    const empty = await repairs.get('/tickets?machineSerial=');
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('machineSerial');
  });

  it('reserves a part across services (201), consumes it with hashboard genealogy, and releases on cancel', async () => {
    const inventory = stack.client('inventory');
    const sku = await createPart(inventory, 'hashboard', true);
    const boards = [unique('HB'), unique('HB')];
    await receive(inventory, sku, 'OK-REPAIR', 2, boards);
    const serial = await createMachine(repairs);
    const id = await openTicket(repairs, serial, { component: 'hashboard', repairCenterCode: 'OK-REPAIR' });
    await move(repairs, id, 'received', 'diagnosing');
    const reserved = await repairs.post(`/tickets/${id}/parts`, { sku, quantity: 1 });
    expect(reserved.status).toBe(201);
    expect(reserved.body).toMatchObject({ status: 'reserved', reservationId: expect.any(String) });
    expect(await stock(inventory, sku, 'OK-REPAIR')).toMatchObject({ onHand: 2, reserved: 1 });

    const consumed = await repairs.post(`/tickets/${id}/parts/${reserved.body.reservationId}/consume`, { serialIn: boards[0], serialOut: 'HB-OLD-1' });
    expect(consumed.status).toBe(201);
    expect(await stock(inventory, sku, 'OK-REPAIR')).toMatchObject({ onHand: 1, reserved: 0 });
    expect((await repairs.get(`/machines/${serial}`)).body.components).toEqual([
      expect.objectContaining({ sku, serial: boards[0], ticketId: id }),
    ]);
    const again = await repairs.post(`/tickets/${id}/parts/${reserved.body.reservationId}/consume`, {});
    expect(again.status).toBe(409);

    const second = await repairs.post(`/tickets/${id}/parts`, { sku, quantity: 1 });
    expect(second.status).toBe(201);
    expect(await stock(inventory, sku, 'OK-REPAIR')).toMatchObject({ reserved: 1 });
    await move(repairs, id, 'cancelled');
    await eventually(async () => expect(await stock(inventory, sku, 'OK-REPAIR')).toMatchObject({ onHand: 1, reserved: 0 }));
    const ticket = (await repairs.get(`/tickets/${id}`)).body;
    expect(ticket.reservations.map((r: { status: string }) => r.status).sort()).toEqual(['consumed', 'released']);
  });

  it('records on the machine the hashboard inventory took when the fitter named none', async () => {
    const inventory = stack.client('inventory');
    const sku = await createPart(inventory, 'hashboard', true);
    const base = unique('HB');
    await receive(inventory, sku, 'AR-REPAIR', 2, [`${base}-B`, `${base}-A`]);
    const serial = await createMachine(repairs);
    const faultCode = unique('FC');
    const id = await openTicket(repairs, serial, { component: 'hashboard', repairCenterCode: 'AR-REPAIR', faultCode });
    await move(repairs, id, 'received', 'diagnosing');
    const reserved = await repairs.post(`/tickets/${id}/parts`, { sku, quantity: 1 });
    const consumed = await repairs.post(`/tickets/${id}/parts/${reserved.body.reservationId}/consume`, {});
    expect(consumed.status).toBe(201);
    expect(consumed.body).toMatchObject({ serialIn: `${base}-A`, serialsIn: [`${base}-A`], serialOut: null });
    expect((await repairs.get(`/machines/${serial}`)).body.components).toEqual([
      expect.objectContaining({ sku, serial: `${base}-A`, ticketId: id }),
    ]);
    expect((await inventory.get(`/serials/${base}-A`)).body).toMatchObject({ status: 'consumed', locationCode: 'AR-REPAIR' });
    expect((await inventory.get(`/serials/${base}-B`)).body.status).toBe('in_stock');
    // Returned with a part fitted: a repair, not a no-fault-found, in the turnaround report.
    await move(repairs, id, 'repairing', 'testing', 'ready_to_return', 'returned');
    const report = await repairs.get('/reports/turnaround');
    expect(report.body.groups.find((g: { faultCode: string }) => g.faultCode === faultCode)).toMatchObject({ opened: 1, closed: 1, noFaultFoundRate: 0 });
  });

  it('harvests hashboards under their serials: they leave the machine and come into stock tracked', async () => {
    const inventory = stack.client('inventory');
    const sku = await createPart(inventory, 'hashboard', true);
    const board = unique('HB');
    await receive(inventory, sku, 'ND-REPAIR', 1, [board]);
    const serial = await createMachine(repairs);
    const id = await openTicket(repairs, serial, { component: 'hashboard', repairCenterCode: 'ND-REPAIR' });
    await move(repairs, id, 'received', 'diagnosing');
    const reserved = await repairs.post(`/tickets/${id}/parts`, { sku, quantity: 1 });
    expect((await repairs.post(`/tickets/${id}/parts/${reserved.body.reservationId}/consume`, { serialIn: board })).status).toBe(201);
    await move(repairs, id, 'scrapped');
    const mismatched = await repairs.post(`/tickets/${id}/harvest`, { lines: [{ sku, quantity: 2, serials: [board] }] });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.message.join('\n')).toContain('lines.0.serials');
    const harvested = await repairs.post(`/tickets/${id}/harvest`, { lines: [{ sku, quantity: 1, serials: [board] }] });
    expect(harvested.status).toBe(201);
    expect((await repairs.get(`/machines/${serial}`)).body.components).toEqual([]);
    await eventually(async () => expect((await inventory.get(`/serials/${board}`)).body).toMatchObject({ status: 'in_stock', locationCode: 'ND-REPAIR' }));
    expect((await inventory.get(`/serials/${board}`)).body.history.map((event: { event: string }) => event.event)).toEqual([
      'received (receipt)', 'consumed', 'received (harvest)',
    ]);
  });

  it('harvests a scrapped machine once (inventory receives the parts), and 409s otherwise', async () => {
    const inventory = stack.client('inventory');
    const sku = await createPart(inventory, 'fan');
    const serial = await createMachine(repairs);
    const id = await openTicket(repairs, serial, { component: 'fan', repairCenterCode: 'ND-REPAIR' });
    expect((await repairs.post(`/tickets/${id}/harvest`, { lines: [{ sku, quantity: 2 }] })).status).toBe(409);
    await move(repairs, id, 'received', 'scrapped');
    const harvested = await repairs.post(`/tickets/${id}/harvest`, { lines: [{ sku, quantity: 2 }] });
    expect(harvested.status).toBe(201);
    expect((await repairs.post(`/tickets/${id}/harvest`, { lines: [{ sku, quantity: 2 }] })).status).toBe(409);
    await eventually(async () => expect(await stock(inventory, sku, 'ND-REPAIR')).toMatchObject({ onHand: 2 }));
    expect((await repairs.get(`/machines/${serial}`)).body.state).toBe('scrapped');
  });

  it('serves the turnaround report as JSON and CSV, and the dashboard page without a key', async () => {
    const json = await repairs.get('/reports/turnaround?format=json');
    expect(json.status).toBe(200);
    expect(json.body.groups.length).toBeGreaterThan(0);
    const csv = await repairs.get('/reports/turnaround?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body).split('\r\n')[0]).toContain('repairCenterCode,component,faultCode');
    expect((await repairs.get('/reports/turnaround?from=2025-13-01')).status).toBe(400);
    const page = await repairs.withKey(undefined).get('/dashboard');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(String(page.body)).toContain('/fleet/idle/stream');
    const docs = await repairs.withKey(undefined).get('/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/machines/bulk', '/tickets/{id}/parts', '/fleet/idle/stream']));
  });
});
