import { MS_PER_DAY, utcDate } from '@app/common/domain';
import { createMachine, move, openTicket, repairsWithDatabase, unique } from './fixtures';

/**
 * GET /reports/idle-history replays the tickets' history: each status span counts, cut by UTC day,
 * as the idle count counted it at the time. The tickets here are opened and moved through the API,
 * then their moves are given designed times in the last three days.
 */
describe('repairs: idle machines per day, from the tickets\' history', () => {
  const service = repairsWithDatabase();
  const today = Math.floor(Date.now() / MS_PER_DAY);
  /** Hour h of the day three days ago (h may run past 24). */
  const at = (hour: number) => new Date((today - 3) * MS_PER_DAY + hour * 3_600_000);
  const date = (daysAgo: number) => utcDate((today - daysAgo) * MS_PER_DAY);

  /** Gives each move of the ticket (in order) the time in `times`, and the ticket its opening and current status's start. */
  async function setTimes(ticketId: string, times: Date[]): Promise<void> {
    const { database } = service;
    const history = await database.query(`SELECT id FROM repairs.ticket_history WHERE ticket_id = $1 ORDER BY id`, [ticketId]);
    expect(history.rows).toHaveLength(times.length);
    for (const [i, row] of history.rows.entries()) {
      await database.query(`UPDATE repairs.ticket_history SET at = $2 WHERE id = $1`, [row.id, times[i]]);
    }
    await database.query(`UPDATE repairs.tickets SET created_at = $2, status_since = $3 WHERE id = $1`, [ticketId, times[0], times[times.length - 1]]);
  }

  const site = unique('SITE');
  const otherSite = unique('SITE');
  const quietSite = unique('SITE');
  const straddleSite = unique('SITE');

  beforeAll(async () => {
    const { repairs } = service;
    // Down for two and a half days: waiting for diagnosis, then parts, then on the bench, then on its way back.
    const repaired = await openTicket(repairs, await createMachine(repairs, { siteCode: site, hashrateThs: 100 }));
    await move(repairs, repaired, 'received', 'diagnosing', 'awaiting_parts', 'repairing', 'testing', 'ready_to_return', 'returned');
    await setTimes(repaired, [0, 6, 12, 18, 36, 42, 48, 60].map(at));
    // Degraded at a third of 300 TH/s lost since noon two days ago, still open.
    const degraded = await openTicket(repairs, await createMachine(repairs, { siteCode: site, hashrateThs: 300 }), {
      degraded: true, remainingHashrateFraction: 2 / 3,
    });
    await setTimes(degraded, [at(36)]);
    // Opened by mistake at another site and cancelled at noon.
    const cancelled = await openTicket(repairs, await createMachine(repairs, { siteCode: otherSite, hashrateThs: 200 }));
    await move(repairs, cancelled, 'cancelled');
    await setTimes(cancelled, [at(0), at(12)]);
    // Reported three days ago and not moved since.
    const waiting = await openTicket(repairs, await createMachine(repairs, { siteCode: quietSite, hashrateThs: 50 }));
    await setTimes(waiting, [at(0)]);
    // Received in a transaction that began a second before midnight two days ago and wrote its move a second after.
    const straddling = await openTicket(repairs, await createMachine(repairs, { siteCode: straddleSite, hashrateThs: 10 }));
    await move(repairs, straddling, 'received');
    await setTimes(straddling, [at(0), at(24 + 1 / 3600)]);
    await service.database.query(`UPDATE repairs.tickets SET status_since = $2 WHERE id = $1`, [straddling, at(24 - 1 / 3600)]);
  });

  const history = async (query: string) => {
    const response = await service.repairs.get(`/reports/idle-history?${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  it('averages each day of one site: by reason, degraded apart, lost hashrate, tickets opened and closed', async () => {
    const report = await history(`siteCode=${site}&from=${date(3)}`);
    expect(report).toMatchObject({ from: date(3), to: utcDate((today + 1) * MS_PER_DAY), siteCode: site });
    const zero = { awaiting_diagnosis: 0, in_repair: 0, awaiting_parts: 0, in_transit: 0 };
    expect(report.days).toEqual([
      { date: date(3), idleMachines: 1, degradedMachines: 0, lostHashrateThs: 100, byReason: { ...zero, awaiting_diagnosis: 0.75, awaiting_parts: 0.25 }, ticketsOpened: 1, ticketsClosed: 0 },
      { date: date(2), idleMachines: 1, degradedMachines: 0.5, lostHashrateThs: 150, byReason: { ...zero, awaiting_parts: 0.5, in_repair: 0.5 }, ticketsOpened: 1, ticketsClosed: 0 },
      { date: date(1), idleMachines: 0.5, degradedMachines: 1, lostHashrateThs: 150, byReason: { ...zero, in_transit: 0.5 }, ticketsOpened: 0, ticketsClosed: 1 },
      // Today so far: the degraded machine all along.
      { date: date(0), idleMachines: 0, degradedMachines: 1, lostHashrateThs: 100, byReason: zero, ticketsOpened: 0, ticketsClosed: 0 },
    ]);
  });

  it('counts a ticket not moved for days in its status on every one of them, today included', async () => {
    const report = await history(`siteCode=${quietSite}&from=${date(3)}`);
    expect(report.days.map((day: { date: string }) => day.date)).toEqual([date(3), date(2), date(1), date(0)]);
    for (const [i, day] of report.days.entries()) {
      expect(day).toMatchObject({ idleMachines: 1, lostHashrateThs: 50, byReason: { awaiting_diagnosis: 1 }, ticketsOpened: i === 0 ? 1 : 0 });
    }
  });

  it('counts a move whose transaction straddles the start of the replayed days once', async () => {
    const report = await history(`siteCode=${straddleSite}&from=${date(2)}`);
    expect(report.days.map((day: { idleMachines: number }) => day.idleMachines)).toEqual([1, 1, 1]);
  });

  it('counts a settled day once, and answers the same from the count as from the moves', async () => {
    const { database } = service;
    const before = await history(`from=${date(3)}&to=${date(2)}`);
    const counted = await database.query(`SELECT day::text FROM repairs.idle_days_counted WHERE day = $1`, [date(3)]);
    expect(counted.rows).toEqual([{ day: date(3) }]);
    // The count stands for the day: moves are never written back in time, so a later request reads only the count.
    await database.query(`UPDATE repairs.idle_days SET seconds = seconds * 2 WHERE day = $1 AND site_code = $2`, [date(3), site]);
    expect((await history(`siteCode=${site}&from=${date(3)}&to=${date(2)}`)).days[0].idleMachines).toBe(2);
    await database.query(`UPDATE repairs.idle_days SET seconds = seconds / 2 WHERE day = $1 AND site_code = $2`, [date(3), site]);
    expect(await history(`from=${date(3)}&to=${date(2)}`)).toEqual(before);
  });

  it('counts a cancelled ticket while it was open, as the live count did, and every site without a filter', async () => {
    const [day] = (await history(`siteCode=${otherSite}&from=${date(3)}&to=${date(2)}`)).days;
    expect(day).toMatchObject({ idleMachines: 0.5, lostHashrateThs: 100, byReason: { awaiting_diagnosis: 0.5 }, ticketsOpened: 1, ticketsClosed: 1 });
    const [all] = (await history(`from=${date(3)}&to=${date(2)}`)).days;
    expect(all.idleMachines).toBeGreaterThanOrEqual(1.5);
  });

  it('answers the same days as CSV', async () => {
    const response = await service.repairs.get(`/reports/idle-history?siteCode=${site}&from=${date(3)}&to=${date(2)}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(String(response.body).trim().split(/\r?\n/)).toEqual([
      'date,idleMachines,degradedMachines,lostHashrateThs,idle_awaiting_diagnosis,idle_in_repair,idle_awaiting_parts,idle_in_transit,ticketsOpened,ticketsClosed',
      `${date(3)},1,0,100,0.75,0,0.25,0,1,0`,
    ]);
  });

  it('says which date is wrong: not a calendar date, a window backwards or longer than a year', async () => {
    const { repairs } = service;
    const bad = async (query: string, field: string) => {
      const response = await repairs.get(`/reports/idle-history?${query}`);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain(field);
    };
    await bad('from=2025-02-30', 'from');
    await bad('to=2025-13-01', 'to');
    await bad('from=2025-03-02&to=2025-03-01', 'from');
    await bad('from=2024-01-01&to=2025-01-03', 'from');
    await bad('siteCode=', 'siteCode');
  });
});
