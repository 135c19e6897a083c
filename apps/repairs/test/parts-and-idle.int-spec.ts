import { type EventEnvelope, InventoryEvents, ShipmentEvents } from '@app/common';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { eventually, TestStack, type ApiClient } from '../../../test/support/stack';
import { createMachine, createPart, move, openTicket, receive, stock, unique } from './fixtures';

describe('repairs: waiting queues, idle counts and their stream', () => {
  let stack: TestStack;
  let repairs: ApiClient;
  let inventory: ApiClient;
  let nc: NatsConnection;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory', 'repairs']);
    repairs = stack.client('repairs');
    inventory = stack.client('inventory');
    nc = await connect({ servers: stack.nats.url });
  });

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  function publish(subject: string, envelope: EventEnvelope): Promise<unknown> {
    return nc.jetstream().publish(subject, Buffer.from(JSON.stringify(envelope)), { msgID: randomUUID() });
  }

  async function diagnosingTicket(center: string, siteCode = 'SITE-Q'): Promise<string> {
    const id = await openTicket(repairs, await createMachine(repairs, { siteCode }), { repairCenterCode: center });
    await move(repairs, id, 'received', 'diagnosing');
    return id;
  }

  it('queues a short part (202 awaiting_parts), then serves the oldest waiting ticket first when stock arrives', async () => {
    const sku = await createPart(inventory);
    const older = await diagnosingTicket('ND-REPAIR');
    const newer = await diagnosingTicket('ND-REPAIR');
    const first = await repairs.post(`/tickets/${older}/parts`, { sku, quantity: 1 });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ status: 'awaiting_parts', missing: [expect.objectContaining({ sku, quantity: 1 })] });
    expect((await repairs.get(`/tickets/${older}`)).body.status).toBe('awaiting_parts');
    const second = await repairs.post(`/tickets/${newer}/parts`, { sku, quantity: 1 });
    expect(second.status).toBe(202);

    await receive(inventory, sku, 'ND-REPAIR', 1);
    await eventually(async () => {
      const ticket = (await repairs.get(`/tickets/${older}`)).body;
      expect(ticket.status).toBe('repairing');
      expect(ticket.history.at(-1)).toMatchObject({ to: 'repairing', note: 'parts arrived', by: 'system' });
      expect(ticket.reservations).toEqual([expect.objectContaining({ sku, quantity: 1, status: 'reserved' })]);
    });
    expect((await repairs.get(`/tickets/${newer}`)).body).toMatchObject({ status: 'awaiting_parts', missing: [expect.objectContaining({ sku })] });

    // A newcomer joins the queue behind the waiting ticket even if stock shows up, never ahead of it.
    await receive(inventory, sku, 'ND-REPAIR', 1);
    await eventually(async () => expect((await repairs.get(`/tickets/${newer}`)).body.status).toBe('repairing'));
    expect(await stock(inventory, sku, 'ND-REPAIR')).toMatchObject({ onHand: 2, reserved: 2 });
  });

  it('serves a receipt covering part of a long queue to its oldest tickets only, each once, and the rest waits', async () => {
    const sku = await createPart(inventory);
    const queue: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = await diagnosingTicket('OK-REPAIR');
      // Every third ticket needs two units.
      expect((await repairs.post(`/tickets/${id}/parts`, { sku, quantity: i % 3 === 2 ? 2 : 1 })).status).toBe(202);
      queue.push(id);
    }
    // Thirteen units: tickets 0-9 take them all (1 + 1 + 2 three times, then 1); 10 finds none, and 11 behind it gets nothing.
    await receive(inventory, sku, 'OK-REPAIR', 13);
    const status = async (id: string) => (await repairs.get(`/tickets/${id}`)).body.status;
    await eventually(async () => expect(await status(queue[9])).toBe('repairing'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await Promise.all(queue.map(status))).toEqual([...Array(10).fill('repairing'), 'awaiting_parts', 'awaiting_parts']);
    for (const id of queue.slice(0, 10)) expect((await repairs.get(`/tickets/${id}`)).body.reservations).toHaveLength(1);
    expect(await stock(inventory, sku, 'OK-REPAIR')).toMatchObject({ onHand: 13, reserved: 13 });
  });

  it('reserves nothing twice when stock events are redelivered or repeated', async () => {
    const sku = await createPart(inventory, 'fan');
    const id = await diagnosingTicket('AR-REPAIR');
    expect((await repairs.post(`/tickets/${id}/parts`, { sku, quantity: 2 })).status).toBe(202);
    await receive(inventory, sku, 'AR-REPAIR', 5);
    await eventually(async () => expect((await repairs.get(`/tickets/${id}`)).body.status).toBe('repairing'));
    const balance = { onHand: 5, reserved: 2, available: 3, inTransit: 0 };
    const event: EventEnvelope = {
      id: randomUUID(), type: InventoryEvents.stockReceived.subject, occurredAt: new Date().toISOString(), version: 1,
      data: { sku, locationCode: 'AR-REPAIR', quantity: 5, balance, source: 'receipt' },
    };
    // The same event twice (a redelivery past JetStream's duplicate window), and a fresh one: each wakes the queue at most.
    await publish(event.type, event);
    await publish(event.type, event);
    await publish(event.type, { ...event, id: randomUUID() });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await stock(inventory, sku, 'AR-REPAIR')).toMatchObject({ onHand: 5, reserved: 2 });
    expect((await repairs.get(`/tickets/${id}`)).body.reservations).toHaveLength(1);
  });

  it('takes a cancelled ticket out of the queue, so the next one is served', async () => {
    const sku = await createPart(inventory, 'psu');
    const cancelled = await diagnosingTicket('OK-REPAIR');
    const next = await diagnosingTicket('OK-REPAIR');
    expect((await repairs.post(`/tickets/${cancelled}/parts`, { sku, quantity: 1 })).status).toBe(202);
    expect((await repairs.post(`/tickets/${next}/parts`, { sku, quantity: 1 })).status).toBe(202);
    await move(repairs, cancelled, 'cancelled');
    expect((await repairs.get(`/tickets/${cancelled}`)).body.missing).toEqual([]);
    await receive(inventory, sku, 'OK-REPAIR', 1);
    await eventually(async () => expect((await repairs.get(`/tickets/${next}`)).body.status).toBe('repairing'));
  });

  it('answers 503 and changes nothing while inventory is down', async () => {
    const sku = await createPart(inventory);
    await receive(inventory, sku, 'AR-REPAIR', 3);
    const id = await diagnosingTicket('AR-REPAIR');
    const before = (await repairs.get(`/tickets/${id}`)).body;
    await stack.stopService('inventory');
    try {
      const response = await repairs.post(`/tickets/${id}/parts`, { sku, quantity: 1 });
      expect(response.status).toBe(503);
      expect(response.body.message[0]).toContain('nothing was changed');
      const after = (await repairs.get(`/tickets/${id}`)).body;
      expect(after).toEqual(before);
    } finally {
      await stack.startService('inventory');
    }
    inventory = stack.client('inventory');
    expect(await stock(inventory, sku, 'AR-REPAIR')).toMatchObject({ reserved: 0 });
    expect((await repairs.post(`/tickets/${id}/parts`, { sku, quantity: 1 })).status).toBe(201);
  });

  it('keeps idle counts by site, model and reason equal to a recount from the tickets, customs holds included', async () => {
    const site = unique('IDLE');
    const sku = await createPart(inventory, 'hashboard');
    const plan: Array<{ model: string; path: string[]; degraded?: number; part?: boolean }> = [
      { model: 'S21', path: [] },
      { model: 'S21', path: ['received', 'diagnosing'] },
      { model: 'M60', path: ['received', 'diagnosing', 'repairing'] },
      { model: 'M60', path: ['received', 'diagnosing'], part: true },
      { model: 'S19', path: ['received', 'diagnosing'], part: true },
      { model: 'S19', path: ['cancelled'] },
      { model: 'S19', path: ['received', 'diagnosing', 'ready_to_return', 'returned'] },
      { model: 'S21', path: [], degraded: 0.5 },
    ];
    for (const entry of plan) {
      const serial = await createMachine(repairs, { siteCode: site, model: entry.model, hashrateThs: 100 });
      const id = await openTicket(repairs, serial, { repairCenterCode: 'ND-REPAIR', ...(entry.degraded ? { degraded: true, remainingHashrateFraction: entry.degraded } : {}) });
      await move(repairs, id, ...entry.path);
      if (entry.part) expect((await repairs.post(`/tickets/${id}/parts`, { sku, quantity: 1 })).status).toBe(202);
    }
    await createMachine(repairs, { siteCode: site, model: 'S21' });

    const recount = async () => {
      const tickets = (await repairs.get(`/tickets?siteCode=${site}&limit=500`)).body.items as Array<{ idleReason: string | null; status: string }>;
      const open = tickets.filter((t) => !['returned', 'cancelled', 'scrapped'].includes(t.status));
      return {
        idle: open.filter((t) => t.idleReason !== 'degraded').length,
        degraded: open.filter((t) => t.idleReason === 'degraded').length,
      };
    };
    const siteRow = async () => (await repairs.get('/fleet/idle')).body.bySite.find((s: { siteCode: string }) => s.siteCode === site);
    expect(await siteRow()).toMatchObject({ siteCode: site, idle: 5, machines: 9, degraded: 1, lostHashrateThs: 550 });
    expect(await recount()).toEqual({ idle: 5, degraded: 1 });

    const fleet = (await repairs.get('/fleet/idle')).body;
    expect(fleet.byReason.map((r: { reason: string }) => r.reason)).toEqual(['awaiting_diagnosis', 'in_repair', 'awaiting_parts', 'customs_hold', 'in_transit']);
    expect(fleet.byReason.reduce((sum: number, r: { idle: number }) => sum + r.idle, 0)).toBe(fleet.total);
    expect(fleet.bySite.reduce((sum: number, s: { idle: number }) => sum + s.idle, 0)).toBe(fleet.total);
    expect(fleet.byModel.reduce((sum: number, m: { idle: number }) => sum + m.idle, 0)).toBe(fleet.total);
    const reasonOf = async (reason: string) => (await repairs.get('/fleet/idle')).body.byReason.find((r: { reason: string }) => r.reason === reason).idle;
    const awaiting = await reasonOf('awaiting_parts');
    const held = await reasonOf('customs_hold');

    // A hold on a shipment carrying the SKU to ND-REPAIR turns both waiting tickets into customs_hold, and back on release.
    const facts = { shipmentId: randomUUID(), reference: unique('SHP'), destinationCode: 'ND-REPAIR', lines: [{ sku, quantity: 4 }] };
    const holdId = randomUUID();
    const envelope = (type: string, data: object): EventEnvelope => ({ id: randomUUID(), type, occurredAt: new Date().toISOString(), version: 1, data });
    await publish(ShipmentEvents.holdOpened.subject, envelope(ShipmentEvents.holdOpened.subject, { ...facts, holdId, reason: 'inspection', openedAt: new Date().toISOString() }));
    await eventually(async () => {
      expect(await reasonOf('customs_hold')).toBe(held + 2);
      expect(await reasonOf('awaiting_parts')).toBe(awaiting - 2);
    });
    const holds = (await repairs.get('/fleet/holds')).body;
    expect(holds).toEqual(expect.arrayContaining([expect.objectContaining({ holdId, ticketsWaiting: 2 })]));
    await publish(ShipmentEvents.holdReleased.subject, envelope(ShipmentEvents.holdReleased.subject, { ...facts, holdId, releasedAt: new Date().toISOString() }));
    await eventually(async () => expect(await reasonOf('customs_hold')).toBe(held));
    expect(await siteRow()).toMatchObject({ idle: 5, degraded: 1 });
  });

  it('streams idle counts over SSE: one message on connect and another after a ticket changes', async () => {
    expect((await fetch(`${stack.url('repairs')}/fleet/idle/stream`)).status).toBe(401);
    const controller = new AbortController();
    const response = await fetch(`${stack.url('repairs')}/fleet/idle/stream`, {
      headers: { authorization: `Bearer ${stack.adminKey}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextMessage = async (): Promise<{ total: number }> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message.split('\n').find((line) => line.startsWith('data:'));
          if (data) return JSON.parse(data.slice(5));
          continue;
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error('stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    };
    try {
      const first = await nextMessage();
      await openTicket(repairs, await createMachine(repairs));
      const second = await nextMessage();
      expect(second.total).toBe(first.total + 1);
    } finally {
      controller.abort();
    }
  });
});
