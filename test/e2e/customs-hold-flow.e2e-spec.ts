import { createMachine, createPart, openTicket, move, stock, unique } from '../../apps/repairs/test/fixtures';
import { eventually, TestStack } from '../support/stack';

/**
 * The three services together, as a clerk, a logistics ERP and a mine manager would use them:
 * a machine waits for a PSU, the PSU's shipment is held in customs, the machine shows under
 * customs_hold; release and delivery land the stock, reserve it for the ticket, and the machine
 * leaves customs_hold with its ticket moving on to repairing by itself.
 */
describe('customs hold to repaired machine, across inventory, shipments and repairs', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory', 'shipments', 'repairs']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('moves a waiting machine into customs_hold and out again when the shipment is released and delivered', async () => {
    const inventory = stack.client('inventory');
    const shipments = stack.client('shipments');
    const repairs = stack.client('repairs');
    const reasons = async () => {
      const idle = (await repairs.get('/fleet/idle')).body;
      return Object.fromEntries(idle.byReason.map((row: { reason: string; idle: number }) => [row.reason, row.idle]));
    };

    const sku = await createPart(inventory, 'psu');
    const site = unique('SITE');
    const serial = await createMachine(repairs, { siteCode: site });
    const ticketId = await openTicket(repairs, serial, { repairCenterCode: 'OK-REPAIR' });
    await move(repairs, ticketId, 'received', 'diagnosing');

    const asked = await repairs.post(`/tickets/${ticketId}/parts`, { sku, quantity: 1 });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'awaiting_parts', missing: [{ sku, quantity: 1 }] });
    const before = await reasons();

    const created = await shipments.post('/shipments', {
      reference: unique('PO'),
      originCountry: 'CN',
      originLocation: 'Shenzhen',
      destinationCode: 'OK-REPAIR',
      portOfEntry: 'Houston',
      carrier: 'COSCO',
      lines: [{ sku, quantity: 3, declaredValueUsd: '550.00', hsCode: '8504.40.95', countryOfOrigin: 'CN' }],
    });
    expect(created.status).toBe(201);
    const shipmentId = created.body.id;
    const post = (type: string, at: string, extra: Record<string, unknown> = {}) =>
      shipments.post(`/shipments/${shipmentId}/events`, { type, at, ...extra });
    expect((await post('departed', '2026-11-01T00:00:00Z')).status).toBe(201);
    expect((await post('arrived_at_port', '2026-11-15T00:00:00Z')).status).toBe(201);
    expect((await post('customs_hold', '2026-11-16T00:00:00Z', { holdReason: 'inspection', agency: 'CBP' })).status).toBe(201);

    await eventually(async () => {
      const now = await reasons();
      expect(now.customs_hold).toBe(before.customs_hold + 1);
      expect(now.awaiting_parts).toBe(before.awaiting_parts - 1);
    });
    const holds = (await shipments.get('/customs/holds?active=true&limit=500')).body.items;
    expect(holds.find((hold: { shipmentId: string }) => hold.shipmentId === shipmentId)).toMatchObject({
      reason: 'inspection',
      lines: [{ sku, quantity: 3 }],
    });

    expect((await post('customs_released', '2026-11-20T00:00:00Z')).status).toBe(201);
    expect((await post('delivered', '2026-11-21T00:00:00Z')).status).toBe(201);

    await eventually(async () => {
      const ticket = (await repairs.get(`/tickets/${ticketId}`)).body;
      expect(ticket.status).toBe('repairing');
    }, 10_000);
    expect(await stock(inventory, sku, 'OK-REPAIR')).toMatchObject({ onHand: 3, reserved: 1, available: 2 });
    const after = await reasons();
    expect(after.customs_hold).toBe(before.customs_hold);
    expect(after.awaiting_parts).toBe(before.awaiting_parts - 1);
    expect(after.in_repair).toBe(before.in_repair + 1);

    const duty = (await shipments.get(`/shipments/${shipmentId}/duty`)).body;
    expect(duty.entryDate).toBe('2026-11-15');
    expect(duty.lines[0].sku).toBe(sku);
  });
});
