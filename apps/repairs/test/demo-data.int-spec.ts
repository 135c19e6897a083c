import { MS_PER_DAY } from '@app/common/domain';
import { RE_FAILURE_WINDOW_DAYS } from '../src/tickets/ticket.rules';
import { expectSameTimes, keptAndRecorded, repairsWithDatabase } from './fixtures';

describe('repairs demo data', () => {
  const service = repairsWithDatabase({ DEMO_DATA: 'true' });

  it('gives a fresh install a fleet, open tickets, and a quarter of closed repairs the reports and projections can read', async () => {
    const { repairs, database } = service;
    const idle = await repairs.get('/fleet/idle');
    expect(idle.status).toBe(200);
    expect(idle.body.machines).toBe(3200);
    expect(idle.body.total).toBeGreaterThan(20);

    const report = await repairs.get('/reports/turnaround');
    expect(report.status).toBe(200);
    const groups: Array<{ opened: number; closed: number; turnaroundDays: { median: number | null }; noFaultFoundRate: number | null }> = report.body.groups;
    expect(groups.reduce((sum, group) => sum + group.closed, 0)).toBeGreaterThan(150);
    // Days, not the milliseconds of tickets opened and moved at start-up.
    const medians = groups.map((group) => group.turnaroundDays.median).filter((median): median is number => median !== null);
    expect(medians.length).toBeGreaterThan(5);
    expect(medians.every((median) => median > 2 && median < 60)).toBe(true);
    expect(groups.some((group) => (group.noFaultFoundRate ?? 0) > 0)).toBe(true);

    // The history was written as moves would have kept it: times per status, and the re-failures (a cancelled ticket is none).
    const { rows } = await database.query(`SELECT id FROM repairs.tickets`);
    for (const ticket of await keptAndRecorded(database, rows.map((row: { id: string }) => row.id))) expectSameTimes(ticket);
    const refailures = await database.query(
      `SELECT t.id, (SELECT min(n.created_at) FROM repairs.tickets n
                      WHERE n.machine_serial = t.machine_serial AND n.created_at > t.returned_at AND n.status <> 'cancelled') AS next_opened,
              t.returned_at, t.came_back_at
         FROM repairs.tickets t WHERE t.status = 'returned'`,
    );
    const cameBack = refailures.rows.filter((row) => row.came_back_at !== null);
    expect(cameBack.length).toBeGreaterThan(0);
    for (const row of refailures.rows) {
      const within = row.next_opened !== null && row.next_opened.getTime() - row.returned_at.getTime() <= RE_FAILURE_WINDOW_DAYS * MS_PER_DAY;
      expect({ id: row.id, cameBack: row.came_back_at !== null }).toEqual({ id: row.id, cameBack: within });
    }

    // The open tickets were opened over the last weeks, each after the machine's previous ticket closed,
    // so the idle history runs on into today instead of falling to nothing before the first start.
    const open = await database.query(
      `SELECT t.created_at, (SELECT max(p.status_since) FROM repairs.tickets p WHERE p.machine_serial = t.machine_serial AND p.id <> t.id) AS previous_closed
         FROM repairs.tickets t WHERE t.status NOT IN ('returned', 'scrapped', 'cancelled')`,
    );
    const ages = open.rows.map((row) => (Date.now() - row.created_at.getTime()) / MS_PER_DAY);
    expect(ages.filter((age) => age > 7).length).toBeGreaterThan(5);
    for (const row of open.rows) if (row.previous_closed) expect(row.created_at.getTime()).toBeGreaterThan(row.previous_closed.getTime());
    const history = await repairs.get('/reports/idle-history');
    expect(history.status).toBe(200);
    const lastWeek = history.body.days.slice(-8, -1).map((day: { idleMachines: number }) => day.idleMachines);
    expect(Math.min(...lastWeek)).toBeGreaterThan(5);

    const projection = await repairs.post('/projections/uptime', { horizonDays: 30 });
    expect(projection.status).toBe(200);
    const live = projection.body.parameters.filter((parameter: { name: string; source: string }) => parameter.source === 'live').map((p: { name: string }) => p.name);
    expect(live).toEqual(expect.arrayContaining([expect.stringMatching(/turnaroundDays/)]));
  });
});
