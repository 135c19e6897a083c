import { TestStack } from '../../../test/support/stack';
import { createMachine, createPart, openTicket, receive } from './fixtures';

/** A part known to be dead can be asked for as soon as the ticket is opened. */
describe('asking for parts on a ticket not yet diagnosed', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory', 'repairs']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('reserves at once when stock covers it, and leaves the ticket where it is', async () => {
    const inventory = stack.client('inventory');
    const repairs = stack.client('repairs');
    const sku = await createPart(inventory, 'psu');
    await receive(inventory, sku, 'AR-REPAIR', 2);
    const ticketId = await openTicket(repairs, await createMachine(repairs));
    const asked = await repairs.post(`/tickets/${ticketId}/parts`, { sku, quantity: 1 });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'reserved' });
    expect((await repairs.get(`/tickets/${ticketId}`)).body.status).toBe('reported');
  });

  it('walks a short ticket through received and diagnosing to awaiting_parts, each move in its history', async () => {
    const inventory = stack.client('inventory');
    const repairs = stack.client('repairs');
    const sku = await createPart(inventory, 'fan');
    const ticketId = await openTicket(repairs, await createMachine(repairs));
    const asked = await repairs.post(`/tickets/${ticketId}/parts`, { sku, quantity: 2 });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'awaiting_parts', missing: [{ sku, quantity: 2 }] });
    const ticket = (await repairs.get(`/tickets/${ticketId}`)).body;
    expect(ticket.status).toBe('awaiting_parts');
    expect(ticket.history.map((entry: { to: string }) => entry.to)).toEqual(['reported', 'received', 'diagnosing', 'awaiting_parts']);
  });

  it('refuses parts for a ticket that can no longer wait for them', async () => {
    const inventory = stack.client('inventory');
    const repairs = stack.client('repairs');
    const sku = await createPart(inventory, 'fan');
    const ticketId = await openTicket(repairs, await createMachine(repairs));
    await repairs.post(`/tickets/${ticketId}/transitions`, { to: 'cancelled' });
    const asked = await repairs.post(`/tickets/${ticketId}/parts`, { sku, quantity: 1 });
    expect(asked.status).toBe(409);
  });
});
