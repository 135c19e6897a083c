import { type EventContract, newEnvelope, ShipmentEvents } from '@app/common';
import { connect, type NatsConnection } from 'nats';
import { randomBytes, randomUUID } from 'node:crypto';
import { eventually, TestStack, type ApiClient } from '../../../test/support/stack';

const CONTRACT_EXAMPLE = {
  horizonDays: 90,
  fleet: [{ model: 'S21', machines: 10000, hashrateThs: 200 }],
  components: [{ component: 'psu', annualFailureRate: 0.1, turnaroundDays: 21, spares: 50 }],
  customs: { holdProbability: 0.3, meanHoldDays: 14 },
  hashpriceUsdPerThDay: 0.05,
};

const uniqueCode = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex').toUpperCase()}`;

type Daily = { day: number; idleMean: number };
/** Expected machine-days idle over the first week: where a part due tomorrow or held in customs shows. */
const firstWeekIdle = (daily: Daily[]) => daily.slice(0, 7).reduce((sum, d) => sum + d.idleMean, 0);
const sourceOf = (body: { parameters: Array<{ name: string; source: string; value: unknown }> }, name: string) =>
  body.parameters.find((p) => p.name === name);

describe('repairs: uptime projections, scenarios, spares plans and hold insights', () => {
  let stack: TestStack;
  let repairs: ApiClient;
  let inventory: ApiClient;
  let nats: NatsConnection;

  beforeAll(async () => {
    stack = await TestStack.start(['inventory', 'repairs']);
    repairs = stack.client('repairs');
    inventory = stack.client('inventory');
    nats = await connect({ servers: stack.nats.url });
  });

  afterAll(async () => {
    await nats?.drain();
    await stack?.stop();
  });

  async function publish<T extends object>(contract: EventContract<T>, data: T): Promise<void> {
    const envelope = newEnvelope(contract, data);
    // The msgID makes a retry after a lost PubAck (a busy machine) a no-op on the server.
    for (let attempt = 1; ; attempt++) {
      try {
        await nats.jetstream().publish(contract.subject, JSON.stringify(envelope), { msgID: envelope.id, timeout: 10_000 });
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  async function keyFor(role: string): Promise<ApiClient> {
    const response = await repairs.post('/api-keys', { role, name: `${role}-${randomUUID()}` });
    expect(response.status).toBe(201);
    return repairs.withKey(response.body.key);
  }

  describe('given the whole problem', () => {
    it('answers the contract’s worked example exactly, with 200 and every parameter from the request', async () => {
      const response = await repairs.post('/projections/uptime', CONTRACT_EXAMPLE);
      expect(response.status).toBe(200);
      expect(response.body.steadyState).toMatchObject({
        basis: 'steady_state', expectedIdleMachines: 19.06, availability: 0.998094, lostHashrateThs: 3812.3, lostRevenueUsdPerDay: 190.62,
      });
      expect(response.body.steadyState.byComponent).toEqual([
        expect.objectContaining({ component: 'psu', pipelineMean: 69.04, expectedBackorders: 19.06 }),
      ]);
      expect(response.body.daily).toEqual([]);
      expect(sourceOf(response.body, 'components.psu.spares')).toEqual({ name: 'components.psu.spares', value: 50, source: 'request' });
      expect(sourceOf(response.body, 'customs.holdProbability')?.source).toBe('request');
      expect(response.body.parameters.some((p: { source: string }) => p.source === 'live')).toBe(false);
    });

    it('lets a mine manager project, and answers Monte Carlo byte for byte the same for the same seed', async () => {
      const manager = await keyFor('mine_manager');
      const request = { ...CONTRACT_EXAMPLE, method: 'monte_carlo', horizonDays: 60, runs: 300, seed: 7 };
      const raw = async () => {
        const response = await fetch(`${stack.url('repairs')}/projections/uptime`, {
          method: 'POST',
          headers: { authorization: `Bearer ${manager.key}`, 'content-type': 'application/json' },
          body: JSON.stringify(request),
        });
        expect(response.status).toBe(200);
        return response.text();
      };
      const [first, second] = [await raw(), await raw()];
      expect(second).toBe(first);
      const body = JSON.parse(first);
      expect(body.daily).toHaveLength(60);
      expect(body.daily[0]).toEqual(
        expect.objectContaining({ day: 1, date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), idleMean: expect.any(Number), idleP10: expect.any(Number), idleP50: expect.any(Number), idleP90: expect.any(Number),
          lostHashrateThsMean: expect.any(Number), lostUsdP90: expect.any(Number) }),
      );
      expect(Date.parse(body.daily[59].date) - Date.parse(body.daily[0].date)).toBe(59 * 86_400_000);
      expect(body.totals.idleMachineDays.mean).toBeGreaterThan(0);
      expect(body).toMatchObject({ runs: 300, seed: 7 });
      // A pool starting empty fills towards METRIC's steady state.
      expect(body.daily[59].idleMean).toBeGreaterThan(body.daily[0].idleMean);
    });

    it('always accepts horizonDays 730 with runs x horizonDays up to 1,000,000', async () => {
      const response = await repairs.post('/projections/uptime', { ...CONTRACT_EXAMPLE, method: 'monte_carlo', horizonDays: 730, runs: 1369 });
      expect(response.status).toBe(200);
      expect(response.body.daily).toHaveLength(730);
    });

    it('refuses with 400 naming the field: horizonDays 731, runs x days over 1,000,000, unknown fields, a bad method', async () => {
      const tooLong = await repairs.post('/projections/uptime', { ...CONTRACT_EXAMPLE, horizonDays: 731 });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.message.join(' ')).toContain('horizonDays');

      const tooMany = await repairs.post('/projections/uptime', { ...CONTRACT_EXAMPLE, method: 'monte_carlo', horizonDays: 500, runs: 2001 });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.message.join(' ')).toContain('runs x horizonDays');

      const unknown = await repairs.post('/projections/uptime', { ...CONTRACT_EXAMPLE, colour: 'red', fleet: [{ ...CONTRACT_EXAMPLE.fleet[0], extra: 1 }] });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message.join(' ')).toContain('colour');
      expect(unknown.body.message.join(' ')).toContain('extra');

      const bad = await repairs.post('/projections/uptime', { ...CONTRACT_EXAMPLE, method: 'guess', horizonDays: 0, components: [{ component: 'psu', spares: -1 }] });
      expect(bad.status).toBe(400);
      const messages = bad.body.message.join(' ');
      for (const field of ['method', 'horizonDays', 'components.0.spares']) expect(messages).toContain(field);

      const missing = await repairs.post('/projections/uptime', { fleet: CONTRACT_EXAMPLE.fleet });
      expect(missing.status).toBe(400);
      expect(missing.body.message.join(' ')).toContain('horizonDays');
    });
  });

  describe('scenarios', () => {
    it('lists the seeded scenarios, 404s an unknown one, and lets mine managers add their own', async () => {
      const list = await repairs.get('/scenarios');
      expect(list.status).toBe(200);
      expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['baseline', 'regulatory', 'sanctions']));
      expect((await repairs.get('/scenarios/sanctions')).body).toMatchObject({ cutOffMakers: ['Bitmain'], builtIn: true });
      expect((await repairs.get('/scenarios/no-such')).status).toBe(404);
      expect((await repairs.post('/projections/uptime', { ...CONTRACT_EXAMPLE, scenario: 'no-such' })).status).toBe(404);

      const manager = await keyFor('mine_manager');
      const staff = await keyFor('repair_staff');
      const custom = { description: 'Longer holds', holdProbability: 0.6, meanHoldDays: 30, extraLeadTimeDays: 7 };
      expect((await staff.put('/scenarios/long-holds', custom)).status).toBe(403);
      const created = await manager.put('/scenarios/long-holds', custom);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'long-holds', holdProbability: 0.6, cutOffMakers: [], builtIn: false });
      const replaced = await manager.put('/scenarios/long-holds', { ...custom, meanHoldDays: 40 });
      expect(replaced.status).toBe(200);
      expect(replaced.body.meanHoldDays).toBe(40);
      const invalid = await manager.put('/scenarios/Bad Name', { ...custom, holdProbability: 2 });
      expect(invalid.status).toBe(400);
      expect(invalid.body.message.join(' ')).toContain('holdProbability');
    });

    it('orders idle machines baseline < regulatory < sanctions for the same fleet', async () => {
      const { customs: _none, ...request } = CONTRACT_EXAMPLE;
      const idle: number[] = [];
      for (const scenario of ['baseline', 'regulatory', 'sanctions']) {
        const response = await repairs.post('/projections/uptime', { ...request, horizonDays: 180, scenario });
        expect(response.status).toBe(200);
        expect(sourceOf(response.body, 'customs.holdProbability')?.source).toBe('scenario');
        idle.push(response.body.steadyState.expectedIdleMachines);
      }
      expect(idle[0]).toBeLessThan(idle[1]);
      expect(idle[1]).toBeLessThan(idle[2]);
    });
  });

  describe('spares plan', () => {
    it('buys back more availability for a larger budget, never spending more than it', async () => {
      const problem = {
        fleet: CONTRACT_EXAMPLE.fleet,
        components: [
          { component: 'psu', annualFailureRate: 0.1, turnaroundDays: 21, spares: 50, unitCostUsd: '150.00' },
          { component: 'fan', annualFailureRate: 0.15, turnaroundDays: 14, spares: 40, unitCostUsd: '25.00' },
        ],
        customs: CONTRACT_EXAMPLE.customs,
        hashpriceUsdPerThDay: 0.05,
      };
      let previous = Infinity;
      for (const budgetUsd of ['0', '500.00', '2000.00', '10000.00']) {
        const response = await repairs.post('/projections/spares-plan', { ...problem, budgetUsd });
        expect(response.status).toBe(200);
        expect(Number(response.body.totalCostUsd)).toBeLessThanOrEqual(Number(budgetUsd));
        expect(response.body.after.expectedIdleMachines).toBeLessThanOrEqual(previous);
        previous = response.body.after.expectedIdleMachines;
      }
      expect(previous).toBeLessThan(1);
      const target = await repairs.post('/projections/spares-plan', { ...problem, targetAvailability: 0.9999 });
      expect(target.status).toBe(200);
      expect(target.body.goalMet).toBe(true);
      expect(target.body.after.availability).toBeGreaterThanOrEqual(0.9999);
      expect((await repairs.post('/projections/spares-plan', problem)).status).toBe(400);
    });
  });

  describe('from live data', () => {
    let psuSku: string;
    const tickets: string[] = [];
    const shipmentId = randomUUID();
    const shipmentReference = uniqueCode('SHP');
    const liveRequest = { method: 'monte_carlo', horizonDays: 30, runs: 400, seed: 3 };

    it('fills fleet, stock, catalog costs and open backorders from live data and says so', async () => {
      psuSku = uniqueCode('PSU');
      expect((await inventory.post('/parts', { sku: psuSku, name: 'S21 PSU', category: 'psu', compatibleModels: ['S21'], unitCostUsd: '210.00' })).status).toBe(201);
      const fanSku = uniqueCode('FAN');
      expect((await inventory.post('/parts', { sku: fanSku, name: 'S21 fan', category: 'fan' })).status).toBe(201);
      expect((await inventory.post('/stock/receipts', { sku: fanSku, locationCode: 'OK-REPAIR', quantity: 5 })).status).toBe(201);
      for (let i = 0; i < 20; i++) {
        const serial = uniqueCode('M');
        expect((await repairs.post('/machines', { serial, model: 'S21', siteCode: 'SITE-P', hashrateThs: 200, powerW: 3500 })).status).toBe(201);
        if (i >= 3) continue;
        const ticket = await repairs.post('/tickets', { machineSerial: serial, component: 'psu', repairCenterCode: 'AR-REPAIR' });
        expect(ticket.status).toBe(201);
        for (const to of ['received', 'diagnosing']) {
          expect((await repairs.post(`/tickets/${ticket.body.id}/transitions`, { to })).status).toBe(200);
        }
        const parts = await repairs.post(`/tickets/${ticket.body.id}/parts`, { sku: psuSku, quantity: 1 });
        expect(parts.status).toBe(202);
        tickets.push(ticket.body.id);
      }

      await eventually(async () => {
        const response = await repairs.post('/projections/uptime', liveRequest);
        expect(response.status).toBe(200);
        expect(sourceOf(response.body, 'fleet.S21.machines')).toMatchObject({ value: 20, source: 'live' });
        expect(sourceOf(response.body, 'components.fan.spares')).toMatchObject({ value: 5, source: 'live' });
        expect(sourceOf(response.body, 'components.psu.annualFailureRate')).toMatchObject({ value: 0.1, source: 'default' });
        // Three machines wait for a PSU today.
        expect(response.body.daily[0].idleMean).toBeGreaterThanOrEqual(3);
        // PSU failures went to Arkansas: its pool is there, with the machines it serves.
        expect(response.body.parameters).toEqual(expect.arrayContaining([
          expect.objectContaining({ name: 'components.psu.machinesServed.AR-REPAIR (by its share of the tickets)', source: 'live' }),
        ]));
        expect(response.body.steadyState.byCenter.map((c: { center: string | null }) => c.center)).toContain('AR-REPAIR');
      }, 10_000);
      // Power and hosting with live data: the fleet's own draw (3,500 W each) answers the net loss.
      const priced = await repairs.post('/projections/uptime', { horizonDays: 30, powerPriceUsdPerKwh: 0.06, hostingFeeUsdPerMachineDay: 1 });
      expect(priced.status).toBe(200);
      expect(priced.body.steadyState.powerCostAvoidedUsdPerDay).toEqual(expect.any(Number));
      expect(priced.body.steadyState.netLossUsdPerDay).toEqual(expect.any(Number));
      expect(sourceOf(priced.body, 'powerPriceUsdPerKwh')).toMatchObject({ value: 0.06, source: 'request' });
      expect(sourceOf(priced.body, 'powerWPerMachine (fleet mean)')).toMatchObject({ source: 'live' });
      expect(sourceOf(priced.body, 'hostingFeeUsdPerMachineDay')).toMatchObject({ value: 1, source: 'request' });
      const plan = await eventually(async () => {
        const response = await repairs.post('/projections/spares-plan', { budgetUsd: '1000.00' });
        expect(sourceOf(response.body, 'components.psu.unitCostUsd')).toMatchObject({ value: '210.00', source: 'live' });
        return response;
      }, 10_000);
      expect(plan.status).toBe(200);
      // Where: the PSUs go to the center whose tickets needed them.
      const psu = plan.body.allocation.find((a: { component: string }) => a.component === 'psu');
      expect(psu.addedSpares).toBeGreaterThanOrEqual(1);
      expect(psu.byLocation).toEqual([{ locationCode: 'AR-REPAIR', addedSpares: psu.addedSpares }]);
    });

    it('counts a shipment held in customs: parts that were due tomorrow now wait out the hold', async () => {
      const lines = [{ sku: psuSku, quantity: 10 }];
      const facts = { shipmentId, reference: shipmentReference, destinationCode: 'AR-REPAIR', lines };
      const before = firstWeekIdle((await repairs.post('/projections/uptime', liveRequest)).body.daily);
      await publish(ShipmentEvents.created, { ...facts, originCountry: 'CN', eta: new Date(Date.now() + 86_400_000).toISOString() });
      // The shipment under way is due tomorrow and serves the three waiting machines.
      const inTransit = await eventually(async () => {
        const idle = firstWeekIdle((await repairs.post('/projections/uptime', liveRequest)).body.daily);
        expect(idle).toBeLessThan(before - 5);
        return idle;
      }, 10_000);
      await publish(ShipmentEvents.holdOpened, {
        ...facts, holdId: randomUUID(), reason: 'regulatory_review', openedAt: new Date().toISOString(),
      });
      await eventually(async () => {
        const held = firstWeekIdle((await repairs.post('/projections/uptime', liveRequest)).body.daily);
        expect(held).toBeGreaterThan(inTransit + 5);
      }, 10_000);
    });

    it('ranks active customs holds by USD per day stranded, with the tickets they block', async () => {
      const small = randomUUID();
      const elsewhere = randomUUID();
      await publish(ShipmentEvents.holdOpened, {
        shipmentId: small, reference: uniqueCode('SHP'), destinationCode: 'AR-REPAIR', lines: [{ sku: psuSku, quantity: 1 }],
        holdId: randomUUID(), reason: 'inspection', openedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      });
      await publish(ShipmentEvents.holdOpened, {
        shipmentId: elsewhere, reference: uniqueCode('SHP'), destinationCode: 'ND-REPAIR', lines: [{ sku: psuSku, quantity: 5 }],
        holdId: randomUUID(), reason: 'documentation', openedAt: new Date(Date.now() - 9 * 86_400_000).toISOString(),
      });
      await eventually(async () => {
        const response = await repairs.get('/insights/holds?hashpriceUsdPerThDay=0.05');
        expect(response.status).toBe(200);
        const items = response.body.items;
        expect(items.map((h: { shipmentId: string }) => h.shipmentId)).toEqual([shipmentId, small, elsewhere]);
        // Ten PSUs held for three waiting machines of 200 TH/s each at 0.05 USD/TH/day.
        expect(items[0]).toMatchObject({ machinesUnblocked: 3, usdPerDayStranded: 30, destinationCode: 'AR-REPAIR', reference: shipmentReference });
        expect([...items[0].ticketsAffected].sort()).toEqual([...tickets].sort());
        expect(items[1]).toMatchObject({ machinesUnblocked: 1, usdPerDayStranded: 10, daysHeld: 3 });
        expect(items[2]).toMatchObject({ machinesUnblocked: 0, usdPerDayStranded: 0, daysHeld: 9, ticketsAffected: [] });
      }, 10_000);
    });

    it('learns hold probability and mean dwell from shipments once there are enough of them', async () => {
      const day = 86_400_000;
      for (let i = 0; i < 6; i++) {
        const facts = { shipmentId: randomUUID(), reference: uniqueCode('SHP'), destinationCode: 'OK-REPAIR', lines: [{ sku: psuSku, quantity: 1 }] };
        if (i < 4) {
          const holdId = randomUUID();
          await publish(ShipmentEvents.holdOpened, { ...facts, holdId, reason: 'inspection', openedAt: new Date(Date.now() - 12 * day).toISOString() });
          await publish(ShipmentEvents.holdReleased, { ...facts, holdId, releasedAt: new Date(Date.now() - 2 * day).toISOString() });
        }
        await publish(ShipmentEvents.delivered, { ...facts, deliveredAt: new Date(Date.now() - day).toISOString() });
      }
      await eventually(async () => {
        const response = await repairs.post('/projections/uptime', { horizonDays: 30 });
        // Held: the 3 active holds above and these 4; settled: those 7 and 2 delivered without a hold.
        expect(sourceOf(response.body, 'customs.holdProbability')).toMatchObject({ source: 'live', value: 7 / 9 });
        expect(sourceOf(response.body, 'customs.meanHoldDays')).toMatchObject({ source: 'live' });
        expect(sourceOf(response.body, 'customs.meanHoldDays')?.value).toBeCloseTo(10, 6);
      }, 10_000);
    });
  });

  it('takes the turnaround from returned tickets once there are enough of them', async () => {
    for (let i = 0; i < 10; i++) {
      const serial = uniqueCode('M');
      expect((await repairs.post('/machines', { serial, model: 'S21', siteCode: 'SITE-T', hashrateThs: 200, powerW: 3500 })).status).toBe(201);
      const ticket = await repairs.post('/tickets', { machineSerial: serial, component: 'control_board', repairCenterCode: 'ND-REPAIR' });
      expect(ticket.status).toBe(201);
      for (const to of ['received', 'diagnosing', 'ready_to_return', 'returned']) {
        expect((await repairs.post(`/tickets/${ticket.body.id}/transitions`, { to })).status).toBe(200);
      }
    }
    const response = await repairs.post('/projections/uptime', { horizonDays: 30 });
    const turnaround = sourceOf(response.body, 'components.control_board.turnaroundDays');
    // Returned within seconds of being reported: a median of (almost) zero days, from live history.
    expect(turnaround?.source).toBe('live');
    expect(turnaround?.value).toBeLessThan(0.01);
    // The same tickets are North Dakota's scorecard for its own control-board pool.
    expect(sourceOf(response.body, 'components.control_board.turnaroundDays.ND-REPAIR')).toMatchObject({ source: 'live' });
    expect(sourceOf(response.body, 'components.psu.turnaroundDays')?.source).toBe('default');
  });

  it('describes every route in the OpenAPI document', async () => {
    const docs = (await fetch(`${stack.url('repairs')}/docs-json`).then((r) => r.json())) as { paths: object; components: { schemas: Record<string, { required?: string[] }> } };
    for (const path of ['/projections/uptime', '/projections/spares-plan', '/scenarios', '/scenarios/{name}', '/insights/holds']) {
      expect(Object.keys(docs.paths)).toContain(path);
    }
    expect(docs.components.schemas.UptimeProjectionRequestDto.required).toEqual(['horizonDays']);
  });
});
