import { createMachine, openTicket, repairsWithDatabase } from './fixtures';

type Parameters = { parameters: Array<{ name: string; source: string; value: unknown }> };
const parameter = (body: Parameters, name: string) => body.parameters.find((p) => p.name === name);

/**
 * Failure rates and center shares come from a year of tickets; the settled days of that year are
 * counted once into ticket_days, the rest read from the tickets. This stack has its own database, so
 * the fleet and its tickets are exactly the ones below.
 */
describe('repairs: live demand over the trailing year of tickets', () => {
  const service = repairsWithDatabase();

  const fanRate = async () => {
    const response = await service.repairs.post('/projections/uptime', { horizonDays: 30 });
    expect(response.status).toBe(200);
    return parameter(response.body, 'components.fan.annualFailureRate');
  };

  it('counts every ticket of the window once, settled days from ticket_days, recent ones and later cancellations from the tickets', async () => {
    const { repairs, database } = service;
    const tickets: string[] = [];
    for (let index = 0; index < 40; index++) {
      const serial = await createMachine(repairs);
      tickets.push(await openTicket(repairs, serial, { component: 'fan', repairCenterCode: index < 30 ? 'AR-REPAIR' : 'ND-REPAIR' }));
    }
    // 0–9 before the window (AR), 10–29 on a settled day 100 days ago (AR), 30–34 yesterday and 35–39
    // today (ND): 30 tickets in the window, over a fleet observed for the whole year (since ticket 0).
    const backdate = (ids: string[], daysAgo: number) =>
      database.query(`UPDATE repairs.tickets SET created_at = now() - make_interval(days => $2) WHERE id = ANY($1::uuid[])`, [ids, daysAgo]);
    await backdate(tickets.slice(0, 10), 400);
    await backdate(tickets.slice(10, 30), 100);
    await backdate(tickets.slice(30, 35), 1);

    expect(await fanRate()).toMatchObject({ source: 'live', value: 30 / 40 });
    const counted = await database.query(
      `SELECT tickets FROM repairs.ticket_days WHERE day = (now() - interval '100 days')::date AND component = 'fan' AND repair_center_code = 'AR-REPAIR'`,
    );
    expect(counted.rows).toEqual([{ tickets: 20 }]);

    // Cancelled after its day was counted: no longer demand, though the day's count stays as it was.
    for (const id of tickets.slice(10, 13)) {
      expect((await repairs.post(`/tickets/${id}/transitions`, { to: 'cancelled' })).status).toBe(200);
    }
    expect((await repairs.post(`/tickets/${tickets[35]}/transitions`, { to: 'cancelled' })).status).toBe(200);
    expect(await fanRate()).toMatchObject({ source: 'live', value: 26 / 40 });
    const share = await repairs.post('/projections/uptime', { horizonDays: 30 });
    expect(parameter(share.body, 'components.fan.machinesServed.AR-REPAIR (by its share of the tickets)')?.value).toBeCloseTo((40 * 17) / 26, 0);
    expect((await database.query(`SELECT sum(tickets)::int AS tickets FROM repairs.ticket_days`)).rows).toEqual([{ tickets: 20 }]);
  });
});
